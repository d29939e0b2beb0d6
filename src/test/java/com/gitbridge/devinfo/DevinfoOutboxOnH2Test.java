package com.gitbridge.devinfo;

import javax.sql.DataSource;

import com.gitbridge.testing.MigratedDatabases;

class DevinfoOutboxOnH2Test extends DevinfoOutboxBehaviour {

    @Override
    DataSource database() {
        return MigratedDatabases.h2();
    }
}
