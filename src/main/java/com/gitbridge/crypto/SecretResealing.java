package com.gitbridge.crypto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Re-seals every stored secret that is not in the current format and key ({@code v1} values, values under a previous
 * key), in batches, each value with the context of its own row. Each value is replaced by one conditional update that
 * applies only if the row still holds the value read: a value changed meanwhile (a new credential, another instance
 * re-sealing it first) is left alone. Either form opens at any moment, so a run cut short leaves nothing unreadable,
 * and running again, on any number of instances at once, only finishes the work.
 */
@Component
class SecretResealing {

    private static final Logger log = LoggerFactory.getLogger(SecretResealing.class);
    static final int BATCH = 100;

    private final List<SealedColumn> columns;
    private final SecretCipher cipher;
    private final JdbcTemplate jdbc;

    SecretResealing(List<SealedColumn> columns, SecretCipher cipher, JdbcTemplate jdbc) {
        this.columns = columns;
        this.cipher = cipher;
        this.jdbc = jdbc;
    }

    /** @return how many values were re-sealed */
    int resealAll() {
        int resealed = 0;
        for (SealedColumn column : columns) {
            resealed += reseal(column);
        }
        return resealed;
    }

    private int reseal(SealedColumn column) {
        List<String> read = new ArrayList<>();
        read.add(column.idColumn());
        read.add(column.valueColumn());
        column.contextColumns().stream().filter(name -> !read.contains(name)).forEach(read::add);
        // The id cursor moves past rows that do not open, so that each run ends.
        String select = "select " + String.join(", ", read) + " from " + column.table() + " where " + column.idColumn()
                + " > ? and " + column.valueColumn() + " not like ? order by " + column.idColumn() + " limit " + BATCH;
        String update = "update " + column.table() + " set " + column.valueColumn() + " = ? where " + column.idColumn()
                + " = ? and " + column.valueColumn() + " = ?";
        String after = "";
        int resealed = 0;
        int unreadable = 0;
        List<Map<String, Object>> batch;
        do {
            batch = jdbc.queryForList(select, after, cipher.currentPrefix() + "%");
            for (Map<String, Object> row : batch) {
                Map<String, String> values = new LinkedHashMap<>();
                read.forEach(name -> values.put(name, row.get(name) == null ? null : row.get(name).toString()));
                String id = values.get(column.idColumn());
                String stored = values.get(column.valueColumn());
                after = id;
                try {
                    SealContext context = column.context().apply(values);
                    String current = cipher.encrypt(cipher.decrypt(stored, context), context);
                    resealed += jdbc.update(update, current, id, stored);
                } catch (UnreadableSecretException e) {
                    unreadable++;
                }
            }
        } while (batch.size() == BATCH);
        if (resealed > 0 || unreadable > 0) {
            log.info("Re-sealed {} values of {}.{}; {} do not open and were left as they are", resealed,
                    column.table(), column.valueColumn(), unreadable);
        }
        return resealed;
    }
}
