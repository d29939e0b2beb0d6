package com.gitbridge.indexing;

// STAND-IN until the real indexer is merged.
record GitIndexResult(long commitsWalked, long commitsWithKeys, long commitsRemoved, int branchesWithKeys) {
}
