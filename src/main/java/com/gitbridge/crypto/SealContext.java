package com.gitbridge.crypto;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a sealed value belongs to: its site, its table and row, and its field. A value opens only with the context it
 * was sealed with (AES-GCM associated data), so a value copied to another row, or a row moved to another site, does
 * not open.
 *
 * @param row          what identifies the row within its table and site, such as its id
 * @param v1Associated the associated data of values in the v1 format, which bound a value to its row but not to its
 *                     site; {@code null} where the row can hold no v1 value
 */
public record SealContext(String tenantId, String table, List<String> row, String field, String v1Associated) {

    public SealContext {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(field, "field");
        row = List.copyOf(row);
    }

    public static SealContext of(String tenantId, String table, String field, String... row) {
        return new SealContext(tenantId, table, List.of(row), field, null);
    }

    /** This context, opening also values of the v1 format that were sealed with {@code associatedData}. */
    public SealContext orV1(String associatedData) {
        return new SealContext(tenantId, table, row, field, associatedData);
    }

    /** {@code tenant/table/row.../field}, each part escaped so that no two contexts give the same text. */
    String associatedData() {
        return escape(tenantId) + "/" + escape(table) + "/"
                + row.stream().map(SealContext::escape).collect(Collectors.joining("/")) + "/" + escape(field);
    }

    private static String escape(String part) {
        return part.replace("%", "%25").replace("/", "%2F");
    }
}
