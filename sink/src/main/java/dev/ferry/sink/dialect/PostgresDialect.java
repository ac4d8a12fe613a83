package dev.ferry.sink.dialect;

import dev.ferry.schemas.types.BitStrings;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.PgText;
import dev.ferry.schemas.types.SignedTimes;
import dev.ferry.schemas.types.SourceColumns;
import dev.ferry.sink.Column;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PostgreSQL: multi-row {@code INSERT ... ON CONFLICT (pk) DO UPDATE}, {@code DELETE ... WHERE
 * (pk) IN (...)}, exact types (numeric, timestamptz, uuid, jsonb, bytea); a PostgreSQL source's
 * {@link dev.ferry.schemas.types.Kind#PG_TEXT} values into a column of the source's own type, read
 * back from their text with a cast to it.
 */
public final class PostgresDialect implements Dialect {

    private static final Set<String> VARCHAR = Set.of("VARCHAR", "CHARACTER VARYING");
    private static final Set<String> CHAR = Set.of("BPCHAR", "CHAR", "CHARACTER");
    /** Alias of the target table in a guarded upsert, so its position can be compared with EXCLUDED's. */
    private static final String TARGET_ALIAS = "ferry_target";

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** PostgreSQL truncates a longer identifier to this many bytes (NAMEDATALEN - 1), with only a NOTICE. */
    private static final int MAX_IDENTIFIER_BYTES = 63;

    @Override
    public java.util.Optional<String> identifierProblem(String identifier) {
        int bytes = identifier.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return bytes <= MAX_IDENTIFIER_BYTES ? java.util.Optional.empty()
                : java.util.Optional.of("the name " + identifier + " is " + bytes + " bytes long; PostgreSQL keeps only "
                        + MAX_IDENTIFIER_BYTES + " and would cut it: rename it in the mapping (columns.<name>.rename,"
                        + " or map the table to a shorter name)");
    }

    @Override
    public String columnType(ColumnType t, boolean key) {
        return switch (t.kind()) {
            case BOOLEAN -> "boolean";
            case INT16 -> "smallint";
            case INT32 -> "integer";
            case INT64 -> "bigint";
            case FLOAT32 -> "real";
            case FLOAT64 -> "double precision";
            case DECIMAL -> t.precision() != null && t.precision() > 0 && t.precision() <= 1000
                    ? "numeric(" + t.precision() + "," + (t.scale() == null ? 0 : t.scale()) + ")" : "numeric";
            case VARIABLE_DECIMAL -> "numeric";
            case STRING -> stringType(t);
            case BYTES -> t.isBits() && t.precision() != null && t.precision() > 0 ? "bit(" + t.precision() + ")" : "bytea";
            case DATE -> "date";
            case TIME -> "time";
            // A MariaDB/MySQL TIME is a signed span up to 838:59:59.999999: exact as an interval of hours.
            case DURATION -> "interval";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMP_TZ -> "timestamptz";
            case UUID -> "uuid";
            case JSON -> "JSON".equals(t.sourceType()) ? "json" : "jsonb";
            case PG_TEXT -> t.sourceType();
        };
    }

    private static String stringType(ColumnType t) {
        if (t.sourceType() != null && t.precision() != null && t.precision() > 0 && t.precision() < 10_485_760) {
            if (VARCHAR.contains(t.sourceType())) {
                return "varchar(" + t.precision() + ")";
            }
            if (CHAR.contains(t.sourceType())) {
                return "char(" + t.precision() + ")";
            }
        }
        return "text";
    }

    @Override
    public String createTable(String qualifiedTable, List<Column> columns, List<String> keyColumns) {
        String cols = columns.stream()
                .map(c -> quote(c.name()) + " " + columnType(c.type(), keyColumns.contains(c.name()))
                        + (generates(c) && !keyColumns.contains(c.name()) ? generatedClause(c) : "")
                        + (c.type().optional() ? "" : " NOT NULL"))
                .collect(Collectors.joining(", "));
        String pk = keyColumns.stream().map(this::quote).collect(Collectors.joining(", "));
        return "CREATE TABLE IF NOT EXISTS " + qualifiedTable + " (" + cols + ", PRIMARY KEY (" + pk + "))";
    }

    /**
     * A generated column is added generated (PostgreSQL computes it for the existing rows). A column
     * with an {@link Column#addedValue()} is added with it as default, so the existing rows get it,
     * and the default is dropped again by the next statement: the value is what the source's
     * default gave at its {@code ALTER}, not the default itself (which may be {@code now()}).
     */
    @Override
    public List<String> addColumn(String qualifiedTable, Column column) {
        String add = "ALTER TABLE " + qualifiedTable + " ADD COLUMN IF NOT EXISTS " + quote(column.name()) + " "
                + columnType(column.type(), false);
        if (generates(column)) {
            return List.of(add + generatedClause(column));
        }
        if (column.addedValue() == null) {
            return List.of(add);
        }
        return List.of(add + " DEFAULT " + literal(column.addedValue()),
                "ALTER TABLE " + qualifiedTable + " ALTER COLUMN " + quote(column.name()) + " DROP DEFAULT");
    }

    /** A column PostgreSQL generated at the source (a MariaDB source's expression is not PostgreSQL's SQL). */
    @Override
    public boolean generates(Column column) {
        return column.generated() != null && column.generated().writtenIn(SourceColumns.POSTGRES);
    }

    private static String generatedClause(Column column) {
        return " GENERATED ALWAYS AS (" + column.generated().expression() + ") STORED";
    }

    /** A string literal, whatever standard_conforming_strings says; PostgreSQL casts it to the column's type. */
    private static String literal(String text) {
        return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public String upsert(String qualifiedTable, List<Column> columns, List<String> keyColumns, int rows,
                         String guardColumn) {
        StringBuilder sql = new StringBuilder(64 + rows * columns.size() * 4);
        sql.append("INSERT INTO ").append(qualifiedTable).append(guardColumn == null ? "" : " AS " + TARGET_ALIAS)
                .append(" (")
                .append(columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", ")))
                .append(") VALUES ");
        String row = columns.stream().map(this::placeholder).collect(Collectors.joining(", ", "(", ")"));
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        sql.append(" ON CONFLICT (").append(keyColumns.stream().map(this::quote).collect(Collectors.joining(", "))).append(")");
        List<Column> updated = columns.stream().filter(c -> !keyColumns.contains(c.name())).toList();
        if (updated.isEmpty()) {
            sql.append(" DO NOTHING");
        } else {
            sql.append(" DO UPDATE SET ").append(updated.stream()
                    .map(c -> quote(c.name()) + " = EXCLUDED." + quote(c.name())).collect(Collectors.joining(", ")));
            if (guardColumn != null) {
                String g = quote(guardColumn);
                sql.append(" WHERE ").append(TARGET_ALIAS).append('.').append(g).append(" IS NULL OR EXCLUDED.").append(g)
                        .append(" IS NULL OR ").append(TARGET_ALIAS).append('.').append(g).append(" <= EXCLUDED.").append(g);
            }
        }
        return sql.toString();
    }

    @Override
    public String guardedDelete(String qualifiedTable, List<Column> keyColumns, String guardColumn) {
        String g = quote(guardColumn);
        return "DELETE FROM " + qualifiedTable + " WHERE "
                + keyColumns.stream().map(c -> quote(c.name()) + " = " + placeholder(c)).collect(Collectors.joining(" AND "))
                + " AND (" + g + " IS NULL OR " + g + " <= ?)";
    }

    @Override
    public String createBatchLog(String qualifiedTable) {
        return "CREATE TABLE IF NOT EXISTS " + qualifiedTable + " (\"id\" bigserial PRIMARY KEY, \"table_name\" text NOT NULL, "
                + "\"partition_id\" integer NOT NULL, \"first_offset\" bigint NOT NULL, \"last_offset\" bigint NOT NULL, "
                + "\"row_count\" integer NOT NULL, \"written_at\" timestamptz NOT NULL DEFAULT now(), "
                + "\"outcome\" text NOT NULL, \"error\" text, \"cause\" text, \"dead_letter_topic\" text)";
    }

    @Override
    public String delete(String qualifiedTable, List<Column> keyColumns, int rows) {
        String names = keyColumns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", ", "(", ")"));
        String row = keyColumns.stream().map(this::placeholder).collect(Collectors.joining(", ", "(", ")"));
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(qualifiedTable).append(" WHERE ")
                .append(names).append(" IN (");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.append(")").toString();
    }

    private String placeholder(Column c) {
        return switch (c.type().kind()) {
            case JSON -> "JSON".equals(c.type().sourceType()) ? "CAST(? AS json)" : "CAST(? AS jsonb)";
            case UUID -> "CAST(? AS uuid)";
            // PostgreSQL reads its own text of a value back as the same value of that type.
            case PG_TEXT -> "CAST(? AS " + c.type().sourceType() + ")";
            case DURATION -> "CAST(? AS interval)";
            case BYTES -> bitColumn(c.type()) ? "CAST(? AS bit varying)" : "?";
            default -> "?";
        };
    }

    @Override
    public void bind(PreparedStatement s, int index, ColumnType type, Object value) throws SQLException {
        if (value == null) {
            s.setNull(index, sqlType(type));
            return;
        }
        switch (type.kind()) {
            case BOOLEAN -> s.setBoolean(index, (Boolean) value);
            case INT16 -> s.setShort(index, (Short) value);
            case INT32 -> s.setInt(index, (Integer) value);
            case INT64 -> s.setLong(index, (Long) value);
            case FLOAT32 -> s.setFloat(index, (Float) value);
            case FLOAT64 -> s.setDouble(index, (Double) value);
            case DECIMAL, VARIABLE_DECIMAL -> s.setBigDecimal(index, (java.math.BigDecimal) value);
            case STRING, JSON, UUID -> s.setString(index, value.toString());
            case BYTES -> {
                if (bitColumn(type)) {
                    s.setString(index, bitText(type, (byte[]) value));
                } else {
                    s.setBytes(index, (byte[]) value);
                }
            }
            // As [-]H:MM:SS.ffffff: the interval's time part, unnormalized (838:59:59 stays 838 hours, not days).
            case DURATION -> s.setString(index, SignedTimes.format((java.time.Duration) value));
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ -> s.setObject(index, value);
            case PG_TEXT -> s.setString(index, pgText(value.toString()));
        }
    }

    /** The text itself; a refusal from capture is refused here (dead letter, cause {@code type}). */
    static String pgText(String text) throws SQLDataException {
        Optional<String> refused = PgText.refusal(text);
        if (refused.isPresent()) {
            throw new SQLDataException(refused.get(), "22000");
        }
        return text;
    }

    private static boolean bitColumn(ColumnType t) {
        return t.isBits() && t.precision() != null && t.precision() > 0;
    }

    private static String bitText(ColumnType type, byte[] value) throws java.sql.SQLDataException {
        try {
            return BitStrings.text(value, type.precision());
        } catch (IllegalArgumentException e) {
            throw new java.sql.SQLDataException(e.getMessage(), "22026");
        }
    }

    private static int sqlType(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> Types.BOOLEAN;
            case INT16 -> Types.SMALLINT;
            case INT32 -> Types.INTEGER;
            case INT64 -> Types.BIGINT;
            case FLOAT32 -> Types.REAL;
            case FLOAT64 -> Types.DOUBLE;
            case DECIMAL, VARIABLE_DECIMAL -> Types.NUMERIC;
            case STRING, JSON, UUID, PG_TEXT, DURATION -> Types.VARCHAR;
            case BYTES -> bitColumn(type) ? Types.VARCHAR : Types.BINARY;
            case DATE -> Types.DATE;
            case TIME -> Types.TIME;
            case TIMESTAMP -> Types.TIMESTAMP;
            case TIMESTAMP_TZ -> Types.TIMESTAMP_WITH_TIMEZONE;
        };
    }

    /** pgjdbc: {@code connectTimeout} and {@code socketTimeout} in seconds; {@code statement_timeout} set at connect. */
    @Override
    public java.util.Properties timeouts(String jdbcUrl, java.time.Duration connect, java.time.Duration socket,
                                         java.time.Duration statement) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("connectTimeout", Long.toString(Math.max(1, connect.toSeconds())));
        p.setProperty("socketTimeout", Long.toString(Math.max(1, socket.toSeconds())));
        p.setProperty("options", "-c statement_timeout=" + statement.toMillis());
        return p;
    }

    @Override
    public int maxParameters() {
        return 32_000;
    }

    @Override
    public Optional<String> createPrivilegeQuery() {
        return Optional.of("SELECT has_schema_privilege(?, 'CREATE')");
    }
}
