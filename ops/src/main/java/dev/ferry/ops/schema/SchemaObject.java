package dev.ferry.ops.schema;

import dev.ferry.ops.config.DbType;
import java.util.List;

/**
 * One object of a table beside its rows, as a catalog describes it, named by the columns of the
 * table it was read from (source names for a source table, target names for a target table).
 *
 * @param kind what it is
 * @param name its name in the catalog (constraint or index name); the column for column objects
 * @param columns the columns it is made of, in order (for an expression object: the columns it reads)
 * @param plain true when {@code columns} (and {@code references}) define it entirely, so it can be
 *     rebuilt under renamed columns and in another database; false when {@code detail} is an
 *     expression in the SQL of {@code family}
 * @param detail the expression of a default or check constraint, the index method (plain) or the
 *     definition after {@code USING} (expression index), the comment's text, the foreign key's
 *     actions ({@code ON UPDATE ... ON DELETE ...}); null for the others
 * @param unique for an index: whether it is unique
 * @param references the parent of a foreign key, else null
 * @param family the database whose catalog described it (its SQL is {@code detail}'s)
 */
public record SchemaObject(Kind kind, String name, List<String> columns, boolean plain, String detail, boolean unique,
                           Reference references, DbType family) {

    public SchemaObject {
        columns = List.copyOf(columns);
    }

    /** The kinds of schema objects Ferry carries. */
    public enum Kind {
        NOT_NULL("NOT NULL"), DEFAULT("default"), IDENTITY("identity/sequence"), CHECK("check constraint"),
        UNIQUE("unique constraint"), INDEX("index"), FOREIGN_KEY("foreign key"), COMMENT("comment");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** The parent table and columns a foreign key points at. */
    public record Reference(String schema, String table, List<String> columns) {
        public Reference {
            columns = List.copyOf(columns);
        }
    }

    /** The same object with its columns (and the parent) renamed. */
    SchemaObject renamed(List<String> newColumns, Reference newReferences) {
        return new SchemaObject(kind, kind.ordinal() <= Kind.IDENTITY.ordinal() || isColumnComment()
                ? newColumns.get(0) : name, newColumns, plain, detail, unique, newReferences, family);
    }

    /** A comment on one column (else on the table). */
    boolean isColumnComment() {
        return kind == Kind.COMMENT && !columns.isEmpty();
    }

    /**
     * What makes two objects the same whatever their names: the kind and columns, and for an
     * expression object its expression. A unique constraint and a plain unique index are the same
     * thing (MariaDB knows only the index).
     */
    String signature() {
        String cols = String.join("\u0000", columns);
        return switch (kind) {
            case INDEX -> plain && unique ? "UNIQUE|" + cols : plain ? "INDEX|" + cols : "INDEX|" + unique + "|" + detail;
            case UNIQUE -> "UNIQUE|" + cols;
            case FOREIGN_KEY -> "FK|" + cols + "|" + references.table() + "|" + String.join("\u0000", references.columns());
            case CHECK -> "CHECK|" + detail;
            case DEFAULT, COMMENT -> kind + "|" + cols + "|" + detail;
            case NOT_NULL, IDENTITY -> kind + "|" + cols;
        };
    }

    /** In words, for reports: {@code index orders_email_idx (email)}. */
    public String describe() {
        String cols = String.join(", ", columns);
        return switch (kind) {
            case NOT_NULL, IDENTITY -> kind.words() + " on column " + cols;
            case DEFAULT -> "default " + detail + " on column " + cols;
            case COMMENT -> columns.isEmpty() ? "table comment '" + detail + "'" : "comment on column " + cols + " '" + detail + "'";
            case CHECK -> kind.words() + " " + name + " " + detail;
            case UNIQUE -> kind.words() + " " + name + " (" + cols + ")";
            case INDEX -> (unique ? "unique " : "") + "index " + name + (plain ? " (" + cols + ")" : " " + detail);
            case FOREIGN_KEY -> kind.words() + " " + name + " (" + cols + ") references " + references.table()
                    + " (" + String.join(", ", references.columns()) + ")";
        };
    }
}
