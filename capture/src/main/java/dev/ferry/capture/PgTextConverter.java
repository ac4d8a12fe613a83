package dev.ferry.capture;

import dev.ferry.schemas.types.PgText;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * A Debezium column converter for a PostgreSQL source: every column whose type Debezium does not
 * carry exactly travels as PostgreSQL's own text rendering of its value, in a Connect string named
 * {@value PgText#SCHEMA_NAME} with the column's exact type ({@code format_type}, user types
 * schema-qualified) as parameter {@value PgText#TYPE_PARAMETER}. The types Debezium carries exactly
 * stay on its path ({@link #DEBEZIUM_EXACT}).
 *
 * <p>Debezium hands the converter a different Java value for the same column in the snapshot (JDBC
 * {@code getObject}) and in the stream (pgoutput text parsed by Debezium); {@link PgTextRendering}
 * renders both to the same text. The column types are read from the source's catalog, once per
 * table version. Properties (prefixed with the converter name): {@code url}, {@code user},
 * {@code password} of the source.
 */
public final class PgTextConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    /** Types whose values Debezium carries exactly and Ferry's sinks write natively. */
    static final Set<String> DEBEZIUM_EXACT = Set.of("int2", "int4", "int8", "float4", "float8", "bool", "text",
            "varchar", "bpchar", "bytea", "uuid", "json", "jsonb");

    private static final String COLUMNS = "SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typname, t.typtype"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_type t ON t.oid = a.atttypid"
            + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped";

    private String url;
    private String user;
    private String password;
    private final Map<String, Map<String, SourceColumn>> tables = new ConcurrentHashMap<>();

    @Override
    public void configure(Properties props) {
        url = props.getProperty("url");
        user = props.getProperty("user");
        password = props.getProperty("password");
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        SourceColumn source = lookup(column.dataCollection(), column.name());
        if (source == null || (!"d".equals(source.typtype) && DEBEZIUM_EXACT.contains(source.typname))) {
            return;
        }
        SchemaBuilder schema = SchemaBuilder.string().name(PgText.SCHEMA_NAME).parameter(PgText.TYPE_PARAMETER, source.type);
        if (column.isOptional()) {
            schema.optional();
        }
        PgTextRendering rendering = PgTextRendering.forType(source.typname, source.type,
                column.dataCollection() + "." + column.name());
        registration.register(schema, rendering::render);
    }

    /** The column's source type, read from the catalog (again when the table changed since). */
    private SourceColumn lookup(String table, String column) {
        Map<String, SourceColumn> columns = tables.get(table);
        if (columns == null || !columns.containsKey(column)) {
            columns = read(table);
            tables.put(table, columns);
        }
        return columns.get(column);
    }

    private Map<String, SourceColumn> read(String table) {
        int dot = table.indexOf('.');
        Map<String, SourceColumn> columns = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            try (Statement s = c.createStatement()) {
                // format_type qualifies every type outside the search path: user types get their schema.
                s.execute("SET search_path TO pg_catalog");
            }
            try (PreparedStatement s = c.prepareStatement(COLUMNS)) {
                s.setString(1, table.substring(0, dot));
                s.setString(2, table.substring(dot + 1));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        columns.put(rs.getString(1), new SourceColumn(rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new CaptureException("cannot read the column types of " + table + " from the source: " + e.getMessage(), e);
        }
        return columns;
    }

    /**
     * The snapshot query of {@code table} (schema.table) that reads every column Ferry carries as
     * text as PostgreSQL's own text ({@code "c"::text}): JDBC's {@code getObject} would hand over
     * some of them changed (dates between 1582-10-05 and 1582-10-14 moved by the Julian calendar,
     * money as a double). Empty when the table has no such column.
     */
    static java.util.Optional<String> snapshotSelect(Connection c, String table) throws SQLException {
        int dot = table.indexOf('.');
        String sql = "SELECT a.attname, t.typname, t.typtype FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
        java.util.List<String> columns = new java.util.ArrayList<>();
        boolean anyText = false;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, table.substring(0, dot));
            s.setString(2, table.substring(dot + 1));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String name = quote(rs.getString(1));
                    boolean text = "d".equals(rs.getString(3)) || !DEBEZIUM_EXACT.contains(rs.getString(2));
                    anyText |= text;
                    columns.add(text ? name + "::text AS " + name : name);
                }
            }
        }
        if (!anyText) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("SELECT " + String.join(", ", columns) + " FROM " + quote(table.substring(0, dot))
                + "." + quote(table.substring(dot + 1)));
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private record SourceColumn(String type, String typname, String typtype) {
    }
}
