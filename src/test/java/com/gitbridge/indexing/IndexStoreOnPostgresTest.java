package com.gitbridge.indexing;

import javax.sql.DataSource;

/** The same on PostgreSQL: {@code on conflict do nothing}, the column limits and NUL handling hold there too. */
class IndexStoreOnPostgresTest extends IndexStoreBehaviour {

    @Override
    DataSource database() {
        return TestDatabases.postgres();
    }
}
