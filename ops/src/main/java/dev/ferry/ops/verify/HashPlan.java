package dev.ferry.ops.verify;

import dev.ferry.schemas.types.ColumnNames;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.Kind;
import dev.ferry.transform.TableMapping;
import dev.ferry.transform.mapping.ColumnRule;
import dev.ferry.transform.mapping.RowRules;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * How both databases hash one table for {@link RangeHasher}: per compared target column, the SQL
 * that renders it on the target and the SQL that renders, from the source row, what the mapping
 * writes there (the renamed source column, an added constant, {@code false} for the soft-delete
 * column). Made only where hashing gives exactly the row verify's answer; otherwise {@link #choose}
 * says why the table is compared row by row.
 *
 * @param sourceKey the source's key column, quoted
 * @param targetKey the target's key column, quoted
 * @param sourceHash the source's row hash expression
 * @param targetHash the target's row hash expression
 * @param sourceSql the source's hash SQL (its sessions are prepared with it)
 * @param targetSql the target's hash SQL
 */
record HashPlan(String sourceKey, String targetKey, String sourceHash, String targetHash, HashSql sourceSql,
                HashSql targetSql) {

    /** A plan, or why there is none ({@code rowsBecause}): exactly one is non-null. */
    record Choice(HashPlan plan, String rowsBecause) {
    }

    static Choice choose(TableSpec spec, SqlShape sourceSql, HashSql sourceHash, SqlShape targetSql, HashSql targetHash) {
        TableMapping mapping = spec.mapping();
        if (mapping.filter() != null) {
            return rows("the mapping filters rows");
        }
        if (!mapping.validations().isEmpty()) {
            return rows("the mapping validates rows (a refused row is not expected in the target)");
        }
        RowRules rules = mapping.rowRules();
        for (var entry : mapping.columns().entrySet()) {
            for (ColumnRule rule : entry.getValue()) {
                if (rule instanceof ColumnRule.Cast || rule instanceof ColumnRule.MaskWith || rule instanceof ColumnRule.Default) {
                    String what = rule instanceof ColumnRule.Cast ? "cast" : rule instanceof ColumnRule.MaskWith ? "masked"
                            : "defaulted";
                    return rows("column " + entry.getKey() + " is " + what + " by the mapping");
                }
            }
        }
        if (spec.targetKey().size() != 1 || !integer(spec.targetKey().get(0).type())) {
            return rows("the primary key is not one integer column (hashed ranges split integer keys)");
        }
        boolean sameFamily = sourceHash.getClass() == targetHash.getClass();
        if (sameFamily && sourceHash instanceof HashSql.Postgres) {
            sourceHash = new HashSql.PostgresToPostgres();
            targetHash = sourceHash;
        }
        List<String> sourceRendered = new ArrayList<>();
        List<String> targetRendered = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        String sourceKey = null;
        for (TableSpec.Column mapped : spec.columns()) {
            TableSpec.Column column = new TableSpec.Column(mapped.name(), rendered(mapped.type()));
            String source = null;
            ColumnType sourceType = column.type();
            for (Schema.Field f : spec.rowSchema().getFields()) {
                String name = ColumnNames.columnOf(f);
                if (rules.targetColumn(name).equals(column.name()) && !excluded(rules, spec, name)) {
                    source = sourceSql.quote(name);
                    sourceType = rendered(ColumnType.of(f.schema()));
                    if (column.name().equals(spec.targetKey().get(0).name())) {
                        sourceKey = source;
                    }
                }
            }
            if (source == null && mapping.add().containsKey(column.name())) {
                source = sourceHash.literal(mapping.add().get(column.name()));
            } else if (source == null && column.name().equals(mapping.softDeleteColumn())) {
                source = "false";
            }
            if (source == null) {
                return rows("column " + column.name() + " has no source column verify can read in SQL");
            }
            if (sourceType.kind() != column.type().kind()) {
                return rows("column " + column.name() + " is " + sourceType.kind() + " in the source and "
                        + column.type().kind() + " in the target");
            }
            if (!sameFamily && HashSql.local(column.type())) {
                return rows("column " + column.name() + " (" + column.type().kind()
                        + ") is not written alike by the two databases");
            }
            String s = sourceHash.render(source, sourceType);
            String t = targetHash.render(targetSql.quote(column.name()), column.type());
            if (s == null || t == null) {
                return rows("column " + column.name() + " (" + column.type().kind() + ") has no canonical SQL text");
            }
            sourceRendered.add(s);
            targetRendered.add(t);
            types.add(column.type());
        }
        if (sourceKey == null) {
            return rows("the key has no source column");
        }
        return new Choice(new HashPlan(sourceKey, targetSql.quote(spec.targetKey().get(0).name()),
                sourceHash.rowHash(sourceRendered, types), targetHash.rowHash(targetRendered, types), sourceHash, targetHash),
                null);
    }

    /**
     * The type a column is rendered as. Into MariaDB, PostgreSQL's {@code numeric}, {@code money},
     * {@code date}, {@code time}, {@code timestamp} and {@code timestamptz} travel as PostgreSQL
     * text and the MariaDB sink stores them as DECIMAL, DATE, TIME and DATETIME: they are rendered
     * as those values on both sides.
     */
    private static ColumnType rendered(ColumnType type) {
        if (type.kind() != Kind.PG_TEXT || type.sourceType() == null) {
            return type;
        }
        String pg = type.sourceType();
        Kind kind = pg.startsWith("numeric") || pg.equals("money") ? Kind.VARIABLE_DECIMAL
                : pg.equals("date") ? Kind.DATE
                : pg.matches("time(\\(\\d+\\))? without time zone") ? Kind.TIME
                : pg.matches("timestamp(\\(\\d+\\))? without time zone") ? Kind.TIMESTAMP
                : pg.matches("timestamp(\\(\\d+\\))? with time zone") ? Kind.TIMESTAMP_TZ
                : null;
        return kind == null ? type : new ColumnType(kind, type.optional(), type.precision(), type.scale(), pg, type.unit());
    }

    private static boolean excluded(RowRules rules, TableSpec spec, String sourceColumn) {
        return !spec.sourceKey().contains(sourceColumn) && rules.excludes(sourceColumn);
    }

    private static boolean integer(ColumnType type) {
        return type.kind() == Kind.INT16 || type.kind() == Kind.INT32 || type.kind() == Kind.INT64;
    }

    private static Choice rows(String why) {
        return new Choice(null, why);
    }
}
