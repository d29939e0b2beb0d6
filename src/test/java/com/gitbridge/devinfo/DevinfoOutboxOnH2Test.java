package com.gitbridge.devinfo;

import javax.sql.DataSource;

class DevinfoOutboxOnH2Test extends DevinfoOutboxBehaviour {

    @Override
    DataSource database() {
        return TestDatabases.h2();
    }
}
