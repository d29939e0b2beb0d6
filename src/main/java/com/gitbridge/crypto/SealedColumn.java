package com.gitbridge.crypto;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A column of sealed values that a feature declares as a bean, so that {@link SecretResealing} can bring its values to
 * the current format and key.
 *
 * @param table          the table
 * @param idColumn       its primary key column, a string
 * @param valueColumn    the column of sealed values
 * @param contextColumns further columns the context is made of (the id column is always read)
 * @param context        the context of a row, from the values of the id and context columns by column name
 */
public record SealedColumn(String table, String idColumn, String valueColumn, List<String> contextColumns,
                           Function<Map<String, String>, SealContext> context) {

    public SealedColumn {
        contextColumns = List.copyOf(contextColumns);
    }
}
