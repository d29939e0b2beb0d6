package com.gitbridge.devinfo;

import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jira's {@code updateSequenceId}s: Jira keeps what it holds of an entity unless a request carries a higher one, so
 * each request takes max(now in epoch milliseconds, the last one given + 1) from {@code devinfo_update_clock}. The
 * row's lock orders the instances; the clock's milliseconds keep the values above those of an older database (and of
 * what was pushed before a restore), and the +1 keeps them growing when a clock steps back.
 */
@Component
class UpdateSequence {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    UpdateSequence(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    long next() {
        return transaction.execute(status -> {
            jdbc.update("update devinfo_update_clock set last_value = greatest(last_value + 1, ?) where id = 1",
                    clock.millis());
            return jdbc.queryForObject("select last_value from devinfo_update_clock where id = 1", Long.class);
        });
    }
}
