package dev.ferry.capture;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries {@code ENUM} and {@code SET} labels exactly in the stream. The binary log holds an ENUM
 * as its 1-based index and a SET as a bit mask, which Debezium turns into labels from the table's
 * DDL; MariaDB hands out DDL and {@code information_schema} in utf8mb3, so a label with a
 * character beyond the BMP arrives changed ({@code 'ü😀'} as {@code ü?}). This converter learns
 * the exact labels from the server itself, once per table schema version (when Debezium builds
 * the table's schema, at the snapshot and after each DDL): it copies the column into a temporary
 * table ({@code CREATE TEMPORARY TABLE ... SELECT col ... LIMIT 0}, not written to a ROW binary
 * log), inserts each index (each bit) and reads the labels back in utf8mb4. It then maps an index
 * or mask to them, and a label already changed (the utf8mb3 one) to the exact label at its
 * position. Snapshot values are the labels the server sends, unchanged. Configured with {@code url},
 * {@code user} and {@code password} of the source; without the right to create temporary tables
 * the labels stay Debezium's (logged).
 */
public final class BinlogEnumConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    private static final Logger LOG = LoggerFactory.getLogger(BinlogEnumConverter.class);
    private static final String SQL = "SELECT COLUMN_TYPE FROM information_schema.COLUMNS"
            + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?";

    private String url;
    private String user;
    private String password;

    @Override
    public void configure(Properties properties) {
        url = properties.getProperty("url");
        user = properties.getProperty("user");
        password = properties.getProperty("password");
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String type = column.typeName().toUpperCase(Locale.ROOT);
        boolean isSet = "SET".equals(type);
        if (!isSet && !"ENUM".equals(type)) {
            return;
        }
        Optional<Labels> labels = labels(column, isSet);
        if (labels.isEmpty()) {
            return;
        }
        Labels l = labels.get();
        SchemaBuilder schema = SchemaBuilder.string().name(isSet ? "io.debezium.data.EnumSet" : "io.debezium.data.Enum")
                .version(1).parameter("allowed", String.join(",", l.exact()));
        if (column.isOptional()) {
            schema.optional();
        }
        LOG.debug("{} column {}.{}: labels {} (shown by the catalog as {})", type, column.dataCollection(), column.name(), l.exact(),
                l.parsed());
        registration.register(schema, value -> value == null ? null : isSet ? set(value, l, column) : label(value, l, column));
    }

    /**
     * A column's labels: exact, and as the catalog and DDL show them (utf8mb3, as Debezium sees them), in the same order.
     */
    record Labels(List<String> exact, List<String> parsed) {

        /** The exact label of {@code text}: itself when it is one, else the one at the position of the label shown. */
        String of(String text) {
            if (exact.contains(text) || parsed.size() != exact.size()) {
                return text;
            }
            int at = parsed.indexOf(text);
            return at >= 0 && at == parsed.lastIndexOf(text) ? exact.get(at) : text;
        }
    }

    /** An ENUM value: the label read (put right where Debezium changed it), or the label of the binary log's 1-based index (0: the empty error value). */
    static String label(Object value, Labels labels, RelationalColumn column) {
        if (value instanceof CharSequence text) {
            return labels.of(text.toString());
        }
        if (value instanceof Number n) {
            int index = n.intValue();
            if (index == 0) {
                return "";
            }
            if (index <= labels.exact().size()) {
                return labels.exact().get(index - 1);
            }
        }
        throw new IllegalArgumentException("ENUM column " + column.dataCollection() + "." + column.name()
                + ": value " + value + " is not one of its " + labels.exact().size() + " labels");
    }

    /** A SET value: the labels read (each put right as for an ENUM), or the labels of the binary log's bit mask, joined by commas. */
    static String set(Object value, Labels labels, RelationalColumn column) {
        if (value instanceof CharSequence text) {
            if (text.isEmpty()) {
                return "";
            }
            List<String> chosen = new ArrayList<>();
            for (String part : text.toString().split(",", -1)) {
                chosen.add(labels.of(part));
            }
            return String.join(",", chosen);
        }
        if (value instanceof Number n) {
            long mask = n.longValue();
            List<String> chosen = new ArrayList<>();
            for (int i = 0; i < labels.exact().size(); i++) {
                if ((mask & (1L << i)) != 0) {
                    chosen.add(labels.exact().get(i));
                }
            }
            return String.join(",", chosen);
        }
        throw new IllegalArgumentException("SET column " + column.dataCollection() + "." + column.name()
                + ": unexpected value " + value + " (" + value.getClass().getName() + ")");
    }

    /** The column's labels, exact and as the catalog shows them; empty (Debezium's own conversion then) when they cannot be read. */
    private Optional<Labels> labels(RelationalColumn column, boolean isSet) {
        String table = column.dataCollection();
        int dot = table == null ? -1 : table.indexOf('.');
        if (dot < 0) {
            LOG.warn("column {} of {}: no database.table, its streamed labels are Debezium's", column.name(), table);
            return Optional.empty();
        }
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            List<String> shown;
            try (PreparedStatement s = c.prepareStatement(SQL)) {
                s.setString(1, table.substring(0, dot));
                s.setString(2, table.substring(dot + 1));
                s.setString(3, column.name());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        LOG.warn("column {}.{} is not in information_schema: its streamed labels are Debezium's", table,
                                column.name());
                        return Optional.empty();
                    }
                    shown = BinlogLiterals.quoted(rs.getString(1));
                }
            }
            return Optional.of(new Labels(exact(c, table.substring(0, dot), table.substring(dot + 1), column.name(),
                    shown.size(), isSet), shown));
        } catch (SQLException e) {
            LOG.warn("cannot read the labels of {}.{}: its streamed labels are Debezium's: {}", table, column.name(),
                    e.getMessage());
        }
        return Optional.empty();
    }

    /** The {@code count} labels in order, as the server gives them for each index (bit) of a copy of the column. */
    private static List<String> exact(Connection c, String database, String table, String column, int count, boolean isSet)
            throws SQLException {
        String col = quote(column);
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE ferry_labels SELECT " + col + " FROM " + quote(database) + "." + quote(table)
                    + " LIMIT 0");
            StringBuilder insert = new StringBuilder("INSERT INTO ferry_labels (" + col + ") VALUES ");
            for (int i = 0; i < count; i++) {
                insert.append(i == 0 ? "" : ", ").append('(').append(isSet ? 1L << i : i + 1).append(')');
            }
            if (count > 0) {
                s.executeUpdate(insert.toString());
            }
            List<String> labels = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT " + col + " FROM ferry_labels ORDER BY " + col + " + 0")) {
                while (rs.next()) {
                    labels.add(rs.getString(1));
                }
            }
            s.execute("DROP TEMPORARY TABLE ferry_labels");
            return labels;
        }
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
