package dev.ferry.sink.dialect;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.PgText;
import dev.ferry.schemas.types.SignedTimes;
import dev.ferry.schemas.types.SourceColumns;
import dev.ferry.sink.Column;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MariaDB and MySQL: multi-row {@code INSERT ... ON DUPLICATE KEY UPDATE}, {@code DELETE ... WHERE
 * (pk) IN (...)}, backtick quoting, tables in {@code utf8mb4} with the binary collation (so keys
 * that differ only in case or accents stay distinct rows, as in the source).
 *
 * <p>Types, where MariaDB has no exact equivalent of the source's:
 * <ul>
 *   <li>{@code numeric} without precision → {@code DECIMAL(65,30)}, the widest MariaDB has; a value
 *       with more than 35 integer digits or more than 30 significant decimals cannot be stored
 *       without loss and is refused (dead letter, cause {@code type}) rather than rounded;</li>
 *   <li>{@code numeric(p,s)} → {@code DECIMAL(p,s)} (p above 65 or s above 30 narrowed, values checked as above);</li>
 *   <li>{@code timestamptz} → {@code DATETIME(6)} holding the instant in UTC (MariaDB has no zoned
 *       type; its {@code TIMESTAMP} ends in 2038); {@code timestamp} → {@code DATETIME(6)} unshifted;</li>
 *   <li>{@code uuid} → {@code CHAR(36)} (ASCII, lower case text; works on MySQL too);</li>
 *   <li>{@code json}/{@code jsonb} → {@code JSON}; {@code bytea} → {@code LONGBLOB}; {@code text} →
 *       {@code LONGTEXT} ({@code VARCHAR(768)} in a primary key, the longest InnoDB indexes);</li>
 *   <li>{@code double}/{@code real} NaN and ±Infinity cannot be stored: refused (dead letter, cause {@code type}).</li>
 * </ul>
 */
public final class MariaDbDialect implements Dialect {

    private static final Set<String> VARCHAR = Set.of("VARCHAR", "CHARACTER VARYING");
    private static final Set<String> CHAR = Set.of("BPCHAR", "CHAR", "CHARACTER");
    private static final int MAX_PRECISION = 65;
    private static final int MAX_SCALE = 30;
    /** 3072 bytes, the InnoDB index limit, at 4 bytes a character. */
    private static final int MAX_KEY_CHARS = 768;
    /** InnoDB's limit on the bytes of one index key, all its columns together. */
    private static final int MAX_KEY_BYTES = 3072;

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String columnType(ColumnType t, boolean key) {
        return switch (t.kind()) {
            case BOOLEAN -> "BOOLEAN";
            case INT16 -> "SMALLINT";
            case INT32 -> "INT";
            case INT64 -> "BIGINT";
            case FLOAT32 -> "FLOAT";
            case FLOAT64 -> "DOUBLE";
            case DECIMAL -> t.precision() != null && t.precision() > 0
                    ? "DECIMAL(" + Math.min(MAX_PRECISION, t.precision()) + "," + Math.min(MAX_SCALE, scale(t)) + ")"
                    : "DECIMAL(65,30)";
            case VARIABLE_DECIMAL -> "DECIMAL(65,30)";
            case STRING -> stringType(t, key);
            case BYTES -> t.isBits() && t.precision() != null && t.precision() > 0 && t.precision() <= 64
                    ? "BIT(" + t.precision() + ")" : key ? "VARBINARY(3072)" : "LONGBLOB";
            case DATE -> "DATE";
            case TIME, DURATION -> "TIME(6)";
            case TIMESTAMP, TIMESTAMP_TZ -> "DATETIME(6)";
            case UUID -> "CHAR(36) CHARACTER SET ascii";
            case JSON -> "JSON";
            case PG_TEXT -> columnType(PgText.plainType(t), key);
        };
    }

    private static int scale(ColumnType t) {
        return t.scale() == null ? 0 : t.scale();
    }

    private static String stringType(ColumnType t, boolean key) {
        Integer n = t.precision();
        if (t.sourceType() != null && n != null && n > 0) {
            if (CHAR.contains(t.sourceType()) && n <= 255) {
                return "CHAR(" + n + ")";
            }
            if (VARCHAR.contains(t.sourceType()) && n <= (key ? MAX_KEY_CHARS : 255)) {
                return "VARCHAR(" + n + ")";
            }
        }
        // Longer VARCHARs would eat InnoDB's 65,535-byte row limit; a text column has no such limit.
        return key ? "VARCHAR(" + MAX_KEY_CHARS + ")" : "LONGTEXT";
    }

    /**
     * The types of a primary key's columns, together within InnoDB's limit of 3,072 bytes for a key
     * (every column counted at its widest, 4 bytes a character in utf8mb4). Columns of fixed width keep their type; text and binary columns share
     * what is left, each getting at most what {@link #columnType} gives it alone. A key value longer
     * than its column is then refused by the target (dead letter), never cut.
     */
    Map<String, String> keyTypes(List<Column> keyColumns) {
        Map<String, String> types = new LinkedHashMap<>();
        int fixed = 0;
        List<Column> shared = new ArrayList<>();
        for (Column c : keyColumns) {
            OptionalInt bytes = fixedKeyBytes(c.type());
            if (bytes.isPresent()) {
                fixed += bytes.getAsInt();
                types.put(c.name(), columnType(c.type(), true));
            } else {
                shared.add(c);
            }
        }
        int share = shared.isEmpty() ? 0 : (MAX_KEY_BYTES - fixed) / shared.size();
        for (Column c : shared) {
            if (c.type().kind() == dev.ferry.schemas.types.Kind.BYTES) {
                types.put(c.name(), "VARBINARY(" + Math.max(1, Math.min(MAX_KEY_BYTES, share)) + ")");
            } else {
                Integer n = c.type().precision();
                int chars = Math.max(1, Math.min(MAX_KEY_CHARS, share / 4));
                if (n != null && n > 0 && c.type().sourceType() != null && VARCHAR.contains(c.type().sourceType())) {
                    chars = Math.min(chars, n);
                }
                types.put(c.name(), "VARCHAR(" + chars + ")");
            }
        }
        return types;
    }

    /** Bytes a key column of this type takes in an index, or empty for text and binary of variable length. */
    private OptionalInt fixedKeyBytes(ColumnType t) {
        return switch (t.kind()) {
            case BOOLEAN -> OptionalInt.of(1);
            case INT16 -> OptionalInt.of(2);
            case INT32, FLOAT32 -> OptionalInt.of(4);
            case INT64, FLOAT64, TIMESTAMP, TIMESTAMP_TZ, DURATION, TIME -> OptionalInt.of(8);
            case DATE -> OptionalInt.of(3);
            case DECIMAL, VARIABLE_DECIMAL -> OptionalInt.of(30);
            case UUID -> OptionalInt.of(36);
            case BYTES -> t.isBits() ? OptionalInt.of(8) : OptionalInt.empty();
            case STRING -> columnType(t, true).startsWith("CHAR(") ? OptionalInt.of(4 * t.precision()) : OptionalInt.empty();
            case JSON -> OptionalInt.empty();
            case PG_TEXT -> fixedKeyBytes(PgText.plainType(t));
        };
    }

    @Override
    public String createTable(String qualifiedTable, List<Column> columns, List<String> keyColumns) {
        Map<String, String> keyTypes = keyTypes(columns.stream().filter(c -> keyColumns.contains(c.name())).toList());
        String cols = columns.stream()
                .map(c -> quote(c.name()) + " " + keyTypes.getOrDefault(c.name(), columnType(c.type(), false))
                        + (generates(c) && !keyColumns.contains(c.name()) ? generatedClause(c)
                        : c.type().optional() && !keyColumns.contains(c.name()) ? " NULL" : " NOT NULL"))
                .collect(Collectors.joining(", "));
        String pk = keyColumns.stream().map(this::quote).collect(Collectors.joining(", "));
        return "CREATE TABLE IF NOT EXISTS " + qualifiedTable + " (" + cols + ", PRIMARY KEY (" + pk + "))"
                + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
    }

    /**
     * A generated column is added generated (MariaDB computes it for the existing rows). A column with
     * an {@link Column#addedValue()} is added with it as default, which every existing row takes, and
     * the default is dropped by the next statement (one {@code ALTER} doing both gives the rows
     * NULL): the value is what the source's default gave at its {@code ALTER}, not the default itself.
     * An added value MariaDB cannot hold (see {@link MariaDbLiteral}) leaves the existing rows NULL.
     */
    @Override
    public List<String> addColumn(String qualifiedTable, Column column) {
        String add = "ALTER TABLE " + qualifiedTable + " ADD COLUMN IF NOT EXISTS " + quote(column.name()) + " "
                + columnType(column.type(), false);
        if (generates(column)) {
            return List.of(add + generatedClause(column));
        }
        Optional<String> literal = column.addedValue() == null ? Optional.empty()
                : MariaDbLiteral.of(column.type(), column.addedValue());
        if (literal.isEmpty()) {
            return List.of(add + " NULL");
        }
        return List.of(add + " NULL DEFAULT " + literal.get(),
                "ALTER TABLE " + qualifiedTable + " ALTER COLUMN " + quote(column.name()) + " DROP DEFAULT");
    }

    /**
     * A column MariaDB generated at the source: its expression is MariaDB's SQL, so the target
     * computes it as the source does (a PostgreSQL expression is not MariaDB's SQL: that column is
     * written with the values that arrive).
     */
    @Override
    public boolean generates(Column column) {
        return column.generated() != null && column.generated().writtenIn(SourceColumns.MARIADB);
    }

    /** MariaDB takes no NULL or NOT NULL on a generated column. */
    private static String generatedClause(Column column) {
        return " GENERATED ALWAYS AS (" + column.generated().expression() + ")"
                + (column.generated().virtual() ? " VIRTUAL" : " STORED");
    }

    @Override
    public String upsert(String qualifiedTable, List<Column> columns, List<String> keyColumns, int rows,
                         String guardColumn) {
        StringBuilder sql = new StringBuilder(64 + rows * columns.size() * 3);
        sql.append("INSERT INTO ").append(qualifiedTable).append(" (")
                .append(columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", ")))
                .append(") VALUES ");
        String row = columns.stream().map(c -> "?").collect(Collectors.joining(", ", "(", ")"));
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        sql.append(" ON DUPLICATE KEY UPDATE ");
        List<Column> updated = columns.stream()
                .filter(c -> !keyColumns.contains(c.name()) && !c.name().equals(guardColumn)).toList();
        if (updated.isEmpty() && guardColumn == null) {
            // Not INSERT IGNORE: it would turn every other error into a warning too.
            String k = quote(keyColumns.get(0));
            return sql.append(k).append(" = ").append(k).toString();
        }
        if (guardColumn == null) {
            return sql.append(updated.stream().map(c -> quote(c.name()) + " = VALUES(" + quote(c.name()) + ")")
                    .collect(Collectors.joining(", "))).toString();
        }
        // Assignments run left to right and see the columns already assigned: the guard column goes last.
        String g = quote(guardColumn);
        String newer = g + " IS NULL OR VALUES(" + g + ") IS NULL OR " + g + " <= VALUES(" + g + ")";
        for (Column c : updated) {
            String q = quote(c.name());
            sql.append(q).append(" = IF(").append(newer).append(", VALUES(").append(q).append("), ").append(q).append("), ");
        }
        return sql.append(g).append(" = IF(").append(newer).append(", VALUES(").append(g).append("), ").append(g)
                .append(")").toString();
    }

    @Override
    public String delete(String qualifiedTable, List<Column> keyColumns, int rows) {
        String names = keyColumns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", ", "(", ")"));
        String row = keyColumns.stream().map(c -> "?").collect(Collectors.joining(", ", "(", ")"));
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(qualifiedTable).append(" WHERE ")
                .append(names).append(" IN (");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.append(")").toString();
    }

    @Override
    public String guardedDelete(String qualifiedTable, List<Column> keyColumns, String guardColumn) {
        String g = quote(guardColumn);
        return "DELETE FROM " + qualifiedTable + " WHERE "
                + keyColumns.stream().map(c -> quote(c.name()) + " = ?").collect(Collectors.joining(" AND "))
                + " AND (" + g + " IS NULL OR " + g + " <= ?)";
    }

    @Override
    public String createBatchLog(String qualifiedTable) {
        return "CREATE TABLE IF NOT EXISTS " + qualifiedTable + " (`id` BIGINT AUTO_INCREMENT PRIMARY KEY, "
                + "`table_name` VARCHAR(512) NOT NULL, `partition_id` INT NOT NULL, `first_offset` BIGINT NOT NULL, "
                + "`last_offset` BIGINT NOT NULL, `row_count` INT NOT NULL, "
                + "`written_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `outcome` VARCHAR(32) NOT NULL, "
                + "`error` TEXT NULL, `cause` VARCHAR(32) NULL, `dead_letter_topic` VARCHAR(512) NULL)"
                + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
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
            // As the double it exactly is: a float's shortest text can exceed FLOAT's range in decimal
            // (3.4028235E38 > 3.402823466E38, the largest float), which MariaDB would refuse.
            case FLOAT32 -> s.setDouble(index, finite((Float) value));
            case FLOAT64 -> s.setDouble(index, finite((Double) value));
            case DECIMAL, VARIABLE_DECIMAL -> s.setBigDecimal(index, fitting(type, (BigDecimal) value));
            case STRING, JSON, UUID -> s.setString(index, value.toString());
            case BYTES -> s.setBytes(index, (byte[]) value);
            case DURATION -> s.setString(index, SignedTimes.format((java.time.Duration) value));
            case TIMESTAMP_TZ -> s.setObject(index,
                    ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            case DATE, TIME, TIMESTAMP -> s.setObject(index, value);
            case PG_TEXT -> bind(s, index, PgText.plainType(type), plainValue(type, value.toString()));
        }
    }

    /** A PostgreSQL text value as the plain value of its MariaDB column; what has none is refused. */
    private static Object plainValue(ColumnType type, String text) throws SQLDataException {
        try {
            return PgText.plainValue(type.sourceType(), text);
        } catch (IllegalArgumentException e) {
            throw new SQLDataException("MariaDB cannot store " + e.getMessage(), "22000");
        }
    }

    private static float finite(Float f) throws SQLDataException {
        if (f.isNaN() || f.isInfinite()) {
            throw new SQLDataException("MariaDB cannot store the floating-point value " + f, "22003");
        }
        return f;
    }

    private static double finite(Double d) throws SQLDataException {
        if (d.isNaN() || d.isInfinite()) {
            throw new SQLDataException("MariaDB cannot store the floating-point value " + d, "22003");
        }
        return d;
    }

    /** The value, unless the column would round or overflow it (MariaDB rounds excess decimals silently). */
    private static BigDecimal fitting(ColumnType type, BigDecimal value) throws SQLDataException {
        int precision = MAX_PRECISION;
        int scale = MAX_SCALE;
        if (type.kind() == dev.ferry.schemas.types.Kind.DECIMAL && type.precision() != null && type.precision() > 0) {
            precision = Math.min(MAX_PRECISION, type.precision());
            scale = Math.min(MAX_SCALE, scale(type));
        }
        BigDecimal stripped = value.stripTrailingZeros();
        int decimals = Math.max(0, stripped.scale());
        int integerDigits = Math.max(0, stripped.precision() - stripped.scale());
        if (decimals > scale || integerDigits > precision - scale) {
            throw new SQLDataException("MariaDB column DECIMAL(" + precision + "," + scale + ") cannot hold "
                    + value.toPlainString() + " exactly", "22003");
        }
        return value;
    }

    private static int sqlType(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> Types.BOOLEAN;
            case INT16 -> Types.SMALLINT;
            case INT32 -> Types.INTEGER;
            case INT64 -> Types.BIGINT;
            case FLOAT32 -> Types.REAL;
            case FLOAT64 -> Types.DOUBLE;
            case DECIMAL, VARIABLE_DECIMAL -> Types.DECIMAL;
            case STRING, JSON, UUID, DURATION -> Types.VARCHAR;
            case BYTES -> Types.BLOB;
            case DATE -> Types.DATE;
            case TIME -> Types.TIME;
            case TIMESTAMP, TIMESTAMP_TZ -> Types.TIMESTAMP;
            case PG_TEXT -> sqlType(PgText.plainType(type));
        };
    }

    /**
     * MariaDB Connector/J: {@code connectTimeout} and {@code socketTimeout} in milliseconds; the
     * session's {@code max_statement_time} (seconds, MariaDB only: not set on a {@code jdbc:mysql:} URL).
     */
    @Override
    public java.util.Properties timeouts(String jdbcUrl, java.time.Duration connect, java.time.Duration socket,
                                         java.time.Duration statement) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("connectTimeout", Long.toString(connect.toMillis()));
        p.setProperty("socketTimeout", Long.toString(socket.toMillis()));
        if (!jdbcUrl.startsWith("jdbc:mysql:")) {
            p.setProperty("sessionVariables", "max_statement_time=" + statement.toMillis() / 1000.0);
        }
        return p;
    }

    @Override
    public int maxParameters() {
        return 65_535;
    }

    @Override
    public Optional<String> createPrivilegeQuery() {
        return Optional.empty();
    }
}
