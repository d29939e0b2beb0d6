package com.gitbridge.devinfo;

import javax.sql.DataSource;

/** The same on PostgreSQL: nextval, on conflict do nothing, greatest and the batch counts hold there too. */
class DevinfoOutboxOnPostgresTest extends DevinfoOutboxBehaviour {

    @Override
    DataSource database() {
        return TestDatabases.postgres();
    }
}
