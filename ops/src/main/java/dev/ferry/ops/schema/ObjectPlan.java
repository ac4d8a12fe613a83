package dev.ferry.ops.schema;

import dev.ferry.ops.config.DbType;
import dev.ferry.ops.schema.SchemaObject.Kind;
import dev.ferry.transform.TableMapping;
import dev.ferry.transform.mapping.ColumnRule;
import dev.ferry.transform.mapping.RowRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the target table should have of its source table's schema objects, through the mapping (a
 * pure function): each source object renamed to the target's columns, or the reason it is not
 * carried — a column it uses is not written (dropped, not kept), an expression reads a column the
 * mapping renames, casts or masks (Ferry does not rewrite SQL expressions), an expression in the SQL of
 * another database, a parent table not copied to the same target.
 */
final class ObjectPlan {

    /**
     * One source object and what becomes of it.
     *
     * @param target the object in the target's names; null when it is not carried
     * @param notCarried why not, when {@code target} is null
     */
    record Planned(SchemaObject source, SchemaObject target, String notCarried) {
    }

    /** Where a foreign key's parent table goes: its target table and mapping. */
    record Parent(String targetTable, TableMapping mapping) {
    }

    private ObjectPlan() {
    }

    /**
     * @param parents the mapping of a parent table of the same source into the same target, if any
     */
    static List<Planned> plan(List<SchemaObject> sourceObjects, TableMapping mapping, DbType targetType,
                              Function<SchemaObject.Reference, Optional<Parent>> parents) {
        List<Planned> planned = new ArrayList<>();
        RowRules rules = mapping.rowRules();
        for (SchemaObject o : sourceObjects) {
            planned.add(plan(o, rules, family(targetType), parents));
        }
        return planned;
    }

    private static Planned plan(SchemaObject o, RowRules rules, DbType targetType,
                                Function<SchemaObject.Reference, Optional<Parent>> parents) {
        for (String column : o.columns()) {
            if (rules.excludes(column)) {
                return new Planned(o, null, "column " + column + " is not copied (the mapping drops it or does not keep it)");
            }
        }
        if (!o.plain()) {
            if (o.family() != targetType) {
                return new Planned(o, null, "its expression is " + name(o.family()) + " SQL, which " + name(targetType)
                        + " does not read as is: create it by hand");
            }
            for (String column : o.columns()) {
                if (!rules.targetColumn(column).equals(column) || changesValues(rules, column)) {
                    return new Planned(o, null, "its expression reads column " + column + ", which the mapping renames,"
                            + " casts or masks (Ferry does not rewrite expressions): create it by hand");
                }
            }
        }
        if (o.kind() == Kind.DEFAULT && o.family() != targetType) {
            Optional<String> literal = portableLiteral(o.detail());
            if (literal.isEmpty()) {
                return new Planned(o, null, "a " + name(o.family()) + " default expression: set it by hand");
            }
            o = new SchemaObject(o.kind(), o.name(), o.columns(), true, literal.get(), false, null, targetType);
        }
        if (o.kind() == Kind.DEFAULT && changesValues(rules, o.columns().get(0))) {
            return new Planned(o, null, "the mapping casts or masks column " + o.columns().get(0) + ": set its default by hand");
        }
        if (o.kind() == Kind.INDEX && o.family() != targetType && !portableMethod(o.detail())) {
            return new Planned(o, null, "a " + o.detail() + " index, which " + name(targetType) + " has not");
        }
        List<String> columns = o.columns().stream().map(rules::targetColumn).toList();
        SchemaObject.Reference references = null;
        if (o.kind() == Kind.FOREIGN_KEY) {
            Optional<Parent> parent = parents.apply(o.references());
            if (parent.isEmpty()) {
                return new Planned(o, null, "its parent table " + o.references().schema() + "." + o.references().table()
                        + " is not copied to this target");
            }
            RowRules parentRules = parent.get().mapping().rowRules();
            references = new SchemaObject.Reference(null, parent.get().targetTable(),
                    o.references().columns().stream().map(parentRules::targetColumn).toList());
        }
        return new Planned(o, o.renamed(columns, references), null);
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    /** A quoted string without backslashes, then an optional PostgreSQL cast ({@code 'new'::text}). */
    private static final java.util.regex.Pattern STRING =
            java.util.regex.Pattern.compile("('(?:[^'\\\\]|'')*')(?:::[a-z ]+)?");

    /**
     * A default both database families read the same: a number, or a quoted string (PostgreSQL's cast
     * to the column's type left out, since the other database casts the literal to its column's type).
     */
    static Optional<String> portableLiteral(String expression) {
        if (NUMBER.matcher(expression).matches()) {
            return Optional.of(expression);
        }
        java.util.regex.Matcher m = STRING.matcher(expression);
        if (m.matches()) {
            String quoted = m.group(1);
            String inner = quoted.substring(1, quoted.length() - 1);
            return Optional.of(NUMBER.matcher(inner).matches() ? inner : quoted);
        }
        return Optional.empty();
    }

    private static boolean changesValues(RowRules rules, String column) {
        return rules.rule(column, ColumnRule.Cast.class) != null || rules.rule(column, ColumnRule.MaskWith.class) != null;
    }

    private static boolean portableMethod(String method) {
        return "btree".equals(method) || "hash".equals(method);
    }

    /** MySQL's SQL is MariaDB's here. */
    static DbType family(DbType type) {
        return type == DbType.MYSQL ? DbType.MARIADB : type;
    }

    static String name(DbType type) {
        return type == DbType.POSTGRES ? "PostgreSQL" : "MariaDB/MySQL";
    }
}
