package dev.ferry.capture;

import dev.ferry.schemas.types.SourceColumns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, from {@code pg_attribute} and {@code pg_attrdef}, each stored generated column's
 * expression ({@code pg_get_expr}; pgoutput does not publish these columns) and the "missing
 * value" PostgreSQL keeps for a column added with a non-volatile default: the value every row
 * that existed before the {@code ALTER} reads (Debezium's own parse of the default expression
 * loses text with quotes and turns functions into placeholders, so it is not used).
 */
final class PostgresColumnFacts implements ColumnFacts {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresColumnFacts.class);
    private static final String SQL = "SELECT a.attname,"
            + " CASE WHEN a.attgenerated = 's' THEN pg_get_expr(d.adbin, d.adrelid) END,"
            + " CASE WHEN a.atthasmissing THEN (a.attmissingval::text::text[])[1] END"
            + " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " WHERE a.attrelid = (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + "   WHERE n.nspname = ? AND c.relname = ?)"
            + " AND a.attnum > 0 AND NOT a.attisdropped";

    private final CaptureConfig config;

    PostgresColumnFacts(CaptureConfig config) {
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
                    if (rs.getString(2) != null) {
                        props.put(SourceColumns.GENERATED_PROP, rs.getString(2));
                        props.put(SourceColumns.GENERATED_DIALECT_PROP, SourceColumns.POSTGRES);
                    }
                    if (rs.getString(3) != null) {
                        props.put(SourceColumns.ADDED_VALUE_PROP, rs.getString(3));
                    }
                    if (!props.isEmpty()) {
                        facts.put(rs.getString(1), Map.copyOf(props));
                    }
                }
            }
        } catch (SQLException e) {
            // Capture goes on; the columns then travel as Debezium describes them.
            LOG.warn("source {}: cannot read generated columns and added defaults of {}: {}", config.source(), table,
                    e.getMessage());
        }
        return facts;
    }
}
