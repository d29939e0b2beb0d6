package com.gitbridge.indexing;

import org.springframework.stereotype.Component;

// STAND-IN until the real indexer is merged.
@Component
class GitIndexer {
    GitIndexResult index(GitIndexRequest request) {
        return new GitIndexResult(0, 0, 0, 0);
    }
}
