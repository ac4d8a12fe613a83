package dev.ferry.ops.schema;

import dev.ferry.sink.dialect.PostgresDialect;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL: {@code ALTER TABLE ... SET NOT NULL / SET DEFAULT / ADD CONSTRAINT}, {@code CREATE
 * INDEX}, {@code COMMENT ON}. A foreign key is added {@code NOT VALID} (no scan, no long lock) and
 * then validated; when validation fails it is dropped again, so it never refuses rows the sink
 * still applies.
 */
final class PostgresObjectDdl implements ObjectDdl {

    private static final PostgresDialect SQL = new PostgresDialect();

    @Override
    public Creation create(SchemaObject o, String schema, String table) {
        String t = quote(schema) + "." + quote(table);
        String cols = o.columns().stream().map(PostgresObjectDdl::quote).collect(Collectors.joining(", "));
        String alter = "ALTER TABLE " + t + " ";
        return switch (o.kind()) {
            case NOT_NULL -> Creation.of(alter + "ALTER COLUMN " + cols + " SET NOT NULL");
            case DEFAULT -> Creation.of(alter + "ALTER COLUMN " + cols + " SET DEFAULT " + o.detail());
            case IDENTITY -> Creation.cannot("cutover's SEQUENCES step gives it");
            case CHECK -> Creation.of(alter + "ADD CONSTRAINT " + quote(o.name()) + " " + o.detail());
            case UNIQUE -> Creation.of(alter + "ADD CONSTRAINT " + quote(o.name()) + " "
                    + (o.plain() ? "UNIQUE (" + cols + ")" : o.detail()));
            case INDEX -> Creation.of("CREATE " + (o.unique() ? "UNIQUE " : "") + "INDEX " + quote(o.name()) + " ON " + t
                    + " USING " + (o.plain() ? o.detail() + " (" + cols + ")" : o.detail()));
            case FOREIGN_KEY -> {
                String name = quote(o.name());
                String refCols = o.references().columns().stream().map(PostgresObjectDdl::quote).collect(Collectors.joining(", "));
                yield new Creation(List.of(alter + "ADD CONSTRAINT " + name + " FOREIGN KEY (" + cols + ") REFERENCES "
                        + quote(schema) + "." + quote(o.references().table()) + " (" + refCols + ") " + o.detail() + " NOT VALID"),
                        alter + "VALIDATE CONSTRAINT " + name, alter + "DROP CONSTRAINT IF EXISTS " + name, null);
            }
            case COMMENT -> Creation.of(o.isColumnComment()
                    ? "COMMENT ON COLUMN " + t + "." + cols + " IS " + literal(o.detail())
                    : "COMMENT ON TABLE " + t + " IS " + literal(o.detail()));
        };
    }

    /** Identifiers are quoted as the sink quotes them. */
    private static String quote(String identifier) {
        return SQL.quote(identifier);
    }

    private static String literal(String text) {
        return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
