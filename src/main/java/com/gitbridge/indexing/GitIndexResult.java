package com.gitbridge.indexing;

/**
 * What one index of a repository did.
 *
 * @param commitsWalked    new commits read (those not behind the tips the last index reached)
 * @param commitsWithKeys  new commits whose message mentions an issue key; stored
 * @param commitsRemoved   commits no longer on any branch (force-push, deleted branch); their rows deleted
 * @param branchesWithKeys branches whose name holds an issue key
 */
public record GitIndexResult(long commitsWalked, long commitsWithKeys, long commitsRemoved, int branchesWithKeys) {
}
