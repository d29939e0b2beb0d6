package com.gitbridge.indexing;

import javax.sql.DataSource;

/** The same scenarios on PostgreSQL: the idempotent insert and the branch and tip updates work there too. */
class GitIndexerOnPostgresTest extends GitIndexerScenarios {

    @Override
    DataSource database() {
        return TestDatabases.postgres();
    }
}
