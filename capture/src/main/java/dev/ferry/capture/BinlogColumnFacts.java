package dev.ferry.capture;

import dev.ferry.schemas.types.SourceColumns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, from MariaDB's {@code information_schema.COLUMNS}, each generated column's expression
 * ({@code GENERATION_EXPRESSION}, in MariaDB's SQL, {@code STORED} or {@code VIRTUAL}) and each
 * column's constant default ({@code COLUMN_DEFAULT}): the value the rows that existed when the
 * column was added hold, which the binary log never carries. A default that is an expression
 * ({@code current_timestamp()}, {@code uuid()}) gave each row a value at the {@code ALTER} that
 * the catalog no longer knows, so it is not carried.
 */
final class BinlogColumnFacts implements ColumnFacts {

    private static final Logger LOG = LoggerFactory.getLogger(BinlogColumnFacts.class);
    private static final String SQL = "SELECT COLUMN_NAME, GENERATION_EXPRESSION, EXTRA, COLUMN_DEFAULT"
            + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";

    private final CaptureConfig config;

    BinlogColumnFacts(CaptureConfig config) {
        this.config = config;
    }

    @Override
    public Map<String, Map<String, String>> of(String table) {
        Map<String, Map<String, String>> facts = new HashMap<>();
        int dot = table.indexOf('.');
        try (Connection c = config.connect(); PreparedStatement s = c.prepareStatement(SQL)) {
            s.setString(1, table.substring(0, dot));
            s.setString(2, table.substring(dot + 1));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> props = new HashMap<>();
                    String extra = rs.getString(3) == null ? "" : rs.getString(3);
                    if (rs.getString(2) != null && extra.contains("GENERATED")) {
                        props.put(SourceColumns.GENERATED_PROP, rs.getString(2));
                        props.put(SourceColumns.GENERATED_DIALECT_PROP, SourceColumns.MARIADB);
                        props.put(SourceColumns.GENERATED_KIND_PROP, extra.contains("VIRTUAL") ? "virtual" : "stored");
                    } else {
                        constant(rs.getString(4)).ifPresent(v -> props.put(SourceColumns.ADDED_VALUE_PROP, v));
                    }
                    if (!props.isEmpty()) {
                        facts.put(rs.getString(1), Map.copyOf(props));
                    }
                }
            }
        } catch (SQLException e) {
            // Capture goes on; the columns then travel as Debezium describes them.
            LOG.warn("source {}: cannot read generated columns and defaults of {}: {}", config.source(), table,
                    e.getMessage());
        }
        return facts;
    }

    /**
     * The value of a default as {@code COLUMN_DEFAULT} shows it since MariaDB 10.2.7: a quoted,
     * escaped string literal or a bare number; empty for NULL, an expression, or a bit literal.
     */
    static Optional<String> constant(String columnDefault) {
        if (columnDefault == null) {
            return Optional.empty();
        }
        if (SourceColumns.isNumber(columnDefault)) {
            return Optional.of(columnDefault);
        }
        if (columnDefault.length() < 2 || columnDefault.charAt(0) != '\''
                || columnDefault.charAt(columnDefault.length() - 1) != '\'') {
            return Optional.empty();
        }
        List<String> literal = BinlogLiterals.quoted(columnDefault);
        return literal.size() == 1 ? Optional.of(literal.get(0)) : Optional.empty();
    }
}
