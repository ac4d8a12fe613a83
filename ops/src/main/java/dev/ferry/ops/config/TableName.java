package dev.ferry.ops.config;

import java.util.Objects;

/**
 * A table qualified by its schema: {@code public.customers}. For MariaDB and MySQL the schema is
 * the database.
 *
 * <p>Both parts are non-blank and contain no dot. Names are case-sensitive and kept as written.
 *
 * @param schema the schema (PostgreSQL) or database (MariaDB/MySQL)
 * @param table  the table name
 */
public record TableName(String schema, String table) {

    /** The format {@link #parse} accepts, as shown in problem messages. */
    static final String FORMAT = "<schema>.<table>";

    /** @throws IllegalArgumentException if a part is blank or contains a dot */
    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        if (!isPart(schema) || !isPart(table)) {
            throw new IllegalArgumentException("must be " + FORMAT + ", got '" + schema + "." + table + "'");
        }
    }

    /**
     * Parses {@code schema.table} (exactly one dot, both sides non-blank).
     *
     * @throws IllegalArgumentException with a message suitable for a problem line, e.g.
     *                                  {@code must be <schema>.<table>, got 'customers'}
     */
    public static TableName parse(String qualifiedName) {
        Objects.requireNonNull(qualifiedName, "qualifiedName");
        int dot = qualifiedName.indexOf('.');
        if (dot < 0 || dot != qualifiedName.lastIndexOf('.')) {
            throw new IllegalArgumentException("must be " + FORMAT + ", got '" + qualifiedName + "'");
        }
        return new TableName(qualifiedName.substring(0, dot), qualifiedName.substring(dot + 1));
    }

    private static boolean isPart(String part) {
        return !part.isBlank() && part.indexOf('.') < 0;
    }

    /** {@code schema.table}; the inverse of {@link #parse}. */
    @Override
    public String toString() {
        return schema + "." + table;
    }
}
