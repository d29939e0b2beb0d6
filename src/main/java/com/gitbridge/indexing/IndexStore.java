package com.gitbridge.indexing;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

// STAND-IN until the real store is merged.
@Component
class IndexStore {
    private final JdbcTemplate jdbc;

    IndexStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void deleteRepository(String repositoryPk) {
        jdbc.update("delete from indexed_commit where repository_pk = ?", repositoryPk);
        jdbc.update("delete from indexed_branch where repository_pk = ?", repositoryPk);
        jdbc.update("delete from indexed_ref where repository_pk = ?", repositoryPk);
    }
}
