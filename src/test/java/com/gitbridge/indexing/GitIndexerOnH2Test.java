package com.gitbridge.indexing;

import javax.sql.DataSource;

class GitIndexerOnH2Test extends GitIndexerScenarios {

    @Override
    DataSource database() {
        return TestDatabases.h2();
    }
}
