package com.gitbridge.indexing;

/** Where a repository's indexing stands; the names are the contract's. */
public enum IndexState {
    QUEUED, INDEXING, DONE, FAILED
}
