package com.gitbridge.devinfo;

import javax.sql.DataSource;

import com.gitbridge.testing.MigratedDatabases;

/** The same on PostgreSQL: nextval, on conflict do nothing, greatest and the batch counts hold there too. */
class DevinfoOutboxOnPostgresTest extends DevinfoOutboxBehaviour {

    @Override
    DataSource database() {
        return MigratedDatabases.postgres("devinfo_");
    }
}
