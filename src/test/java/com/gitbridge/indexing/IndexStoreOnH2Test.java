package com.gitbridge.indexing;

import javax.sql.DataSource;

class IndexStoreOnH2Test extends IndexStoreBehaviour {

    @Override
    DataSource database() {
        return TestDatabases.h2();
    }
}
