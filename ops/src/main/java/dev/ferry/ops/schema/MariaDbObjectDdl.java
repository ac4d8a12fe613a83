package dev.ferry.ops.schema;

import dev.ferry.sink.dialect.MariaDbDialect;
import java.util.stream.Collectors;

/**
 * MariaDB/MySQL: {@code ALTER TABLE ... ALTER COLUMN SET DEFAULT / ADD CONSTRAINT / COMMENT =},
 * {@code CREATE INDEX}. A foreign key is checked against the rows as it is added (InnoDB, with
 * {@code foreign_key_checks} on); it has no {@code DEFERRABLE} or {@code NOT VALID}. NOT NULL and a
 * column's comment can only be set with the column's whole definition ({@code MODIFY}), which Ferry
 * does not rewrite: they are reported, not created.
 */
final class MariaDbObjectDdl implements ObjectDdl {

    private static final MariaDbDialect SQL = new MariaDbDialect();

    @Override
    public Creation create(SchemaObject o, String schema, String table) {
        String t = quote(schema) + "." + quote(table);
        String cols = o.columns().stream().map(MariaDbObjectDdl::quote).collect(Collectors.joining(", "));
        String alter = "ALTER TABLE " + t + " ";
        return switch (o.kind()) {
            case NOT_NULL -> Creation.cannot("MariaDB/MySQL set NOT NULL only with the column's whole definition (MODIFY):"
                    + " do it by hand");
            case DEFAULT -> Creation.of(alter + "ALTER COLUMN " + cols + " SET DEFAULT " + defaultValue(o.detail()));
            case IDENTITY -> Creation.cannot("cutover's SEQUENCES step gives it");
            case CHECK -> Creation.of(alter + "ADD CONSTRAINT " + quote(o.name()) + " " + o.detail());
            case UNIQUE -> Creation.of(alter + "ADD CONSTRAINT " + quote(o.name()) + " UNIQUE (" + cols + ")");
            case INDEX -> o.plain()
                    ? Creation.of("CREATE " + (o.unique() ? "UNIQUE " : "") + "INDEX " + quote(o.name()) + " ON " + t
                            + " (" + cols + ")" + ("hash".equals(o.detail()) ? " USING HASH" : ""))
                    : Creation.of("CREATE " + (o.unique() ? "UNIQUE " : "") + nonPlainKind(o.detail()) + "INDEX "
                            + quote(o.name()) + " ON " + t + " " + o.detail().substring(o.detail().indexOf('(')));
            case FOREIGN_KEY -> Creation.of(alter + "ADD CONSTRAINT " + quote(o.name()) + " FOREIGN KEY (" + cols
                    + ") REFERENCES " + quote(schema) + "." + quote(o.references().table()) + " ("
                    + o.references().columns().stream().map(MariaDbObjectDdl::quote).collect(Collectors.joining(", ")) + ") "
                    // MATCH FULL and DEFERRABLE are PostgreSQL's; InnoDB checks every row at once
                    + o.detail().replace("MATCH FULL ", "").replaceAll(" DEFERRABLE.*$", ""));
            case COMMENT -> o.isColumnComment()
                    ? Creation.cannot("MariaDB/MySQL set a column comment only with the column's whole definition (MODIFY):"
                            + " do it by hand")
                    : Creation.of(alter + "COMMENT = " + literal(o.detail()));
        };
    }

    /** {@code FULLTEXT (...)} and {@code SPATIAL (...)} name their kind; a prefix index ({@code BTREE (...)}) is plain. */
    private static String nonPlainKind(String detail) {
        String kind = detail.substring(0, detail.indexOf(' '));
        return kind.equals("FULLTEXT") || kind.equals("SPATIAL") ? kind + " " : "";
    }

    /** information_schema writes a literal default quoted (or as a number) and an expression as it is. */
    private static String defaultValue(String detail) {
        return detail.startsWith("'") || detail.matches("-?[0-9.]+(e[-+]?[0-9]+)?") ? detail : "(" + detail + ")";
    }

    /** Identifiers are quoted as the sink quotes them. */
    private static String quote(String identifier) {
        return SQL.quote(identifier);
    }

    private static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
