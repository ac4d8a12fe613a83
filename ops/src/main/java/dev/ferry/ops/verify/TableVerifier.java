package dev.ferry.ops.verify;

import dev.ferry.schemas.retry.RetryPolicy;
import dev.ferry.schemas.retry.Waiter;
import dev.ferry.schemas.types.ColumnNames;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.transform.ChangeTransformer;
import dev.ferry.transform.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Compares one target table with its source. Both sides are read at once, ordered by primary key;
 * every source row goes through the pipeline's own transformation ({@link ChangeTransformer#apply},
 * as a snapshot read of that row) before it is compared, so renamed, cast, masked and filtered
 * columns compare as the pipeline wrote them; a row the pipeline would filter out or dead-letter is
 * not expected in the target.
 * Values compare in canonical form ({@link Canonical}). Differences are then re-checked by key
 * until they settle: one that disappears was still in flight; one that keeps changing is counted
 * as moving; the rest are reported, with the columns that differ.
 */
final class TableVerifier {

    /** Differences are re-checked every 500 ms while they settle. */
    private static final Waiter SETTLE = Waiter.polling(RetryPolicy.fixed(Duration.ofMillis(500)));

    private static final int LISTED = 100;
    private static final int RECHECKED = 1000;

    private final TableSpec spec;
    private final SqlShape sourceSql;
    private final SqlShape targetSql;
    private final String targetSchema;
    private final Duration settle;
    private final HashSql sourceHash;
    private final HashSql targetHash;
    private final boolean hashed;
    private final Map<Schema, int[]> positions = new IdentityHashMap<>();
    private final Map<Schema, ColumnType[]> types = new IdentityHashMap<>();

    /**
     * @param hashed compare by hashing key ranges inside both databases where the table allows it
     *     ({@link HashPlan}), row by row otherwise; false: row by row
     */
    TableVerifier(TableSpec spec, SqlShape sourceSql, HashSql sourceHash, SqlShape targetSql, HashSql targetHash,
                  String targetSchema, Duration settle, boolean hashed) {
        this.spec = spec;
        this.sourceHash = sourceHash;
        this.targetHash = targetHash;
        this.hashed = hashed;
        this.sourceSql = sourceSql;
        this.targetSql = targetSql;
        this.targetSchema = targetSchema;
        this.settle = settle;
    }

    TableReport verify(Supplier<Connection> source, Supplier<Connection> target) throws Exception {
        long started = System.nanoTime();
        ChangeTransformer mapper = spec.transformer();
        Found found = new Found();
        String method;
        try (Connection s = source.get(); Connection t = target.get()) {
            HashPlan.Choice choice = hashed
                    ? HashPlan.choose(spec, sourceSql, sourceHash, targetSql, targetHash)
                    : new HashPlan.Choice(null, "asked for (--method rows)");
            if (choice.plan() != null) {
                HashPlan plan = choice.plan();
                RangeHasher.Totals totals = new RangeHasher(plan, plan.sourceSql(), sourceFrom(), plan.targetSql(), targetFrom())
                        .run(s, t, (from, to) -> compare(s, t, " WHERE " + plan.sourceKey() + " BETWEEN " + from + " AND " + to,
                                " WHERE " + plan.targetKey() + " BETWEEN " + from + " AND " + to, mapper, new Found(found)));
                found.sourceRows = totals.sourceRows();
                found.targetRows = totals.targetRows();
                found.checksum = totals.targetChecksum();
                method = totals.leaves() == 0 ? "hashed" : "hashed, " + totals.leaves() + " differing key ranges compared row by row";
            } else {
                method = "rows: " + choice.rowsBecause();
                compare(s, t, "", "", mapper, found);
                found.checksum = String.format("%016x", found.digest);
            }
        }
        Settled settled = settle(found.differences, found.rows, source, target, mapper);
        long missing = settled.remaining.values().stream().filter(d -> d.kind() == Difference.Kind.MISSING).count();
        long extra = settled.remaining.values().stream().filter(d -> d.kind() == Difference.Kind.EXTRA).count();
        long changed = settled.remaining.size() - missing - extra;
        List<Difference> listed = settled.remaining.values().stream().limit(LISTED).toList();
        return new TableReport(spec.mapping().table(), found.sourceRows, found.targetRows, missing, extra, changed,
                settled.moving, listed, found.checksum, (System.nanoTime() - started) / 1_000_000, null, method);
    }

    /** What a comparison found so far: its differences (with their rows, for the re-check) and counts. */
    private static final class Found {
        final Map<String, Difference> differences;
        final Map<String, VerifyRow> rows;
        long sourceRows;
        long targetRows;
        long digest;
        String checksum;

        Found() {
            differences = new LinkedHashMap<>();
            rows = new LinkedHashMap<>();
        }

        /** Shares the differences of {@code whole}, counts apart (a hashed range: the hashes counted the rows). */
        Found(Found whole) {
            differences = whole.differences;
            rows = whole.rows;
        }

        void record(Difference d, VerifyRow row) {
            differences.put(d.key(), d);
            rows.put(d.key(), row);
        }
    }

    /** Reads both sides ordered by key (each restricted by its WHERE clause) and records every difference. */
    private void compare(Connection s, Connection t, String sourceWhere, String targetWhere, ChangeTransformer mapper,
                         Found found) throws Exception {
        try (RowStream a = new RowStream("source", s, sourceQuery(sourceWhere), rs -> sourceRow(rs, mapper));
             RowStream b = new RowStream("target", t, targetQuery(targetWhere), this::targetRow)) {
            VerifyRow x = a.next();
            VerifyRow y = b.next();
            while (x != null || y != null) {
                int c = x == null ? 1 : y == null ? -1 : KeyOrder.INSTANCE.compare(x.key(), y.key());
                if (c == 0) {
                    found.sourceRows++;
                    found.targetRows++;
                    List<String> differing = differingColumns(x, y);
                    if (!differing.isEmpty()) {
                        found.record(new Difference(Difference.Kind.CHANGED, key(x), differing), x);
                    }
                    found.digest += digest(y);
                    x = a.next();
                    y = b.next();
                } else if (c < 0) {
                    found.sourceRows++;
                    found.record(new Difference(Difference.Kind.MISSING, key(x), List.of()), x);
                    x = a.next();
                } else {
                    found.targetRows++;
                    found.record(new Difference(Difference.Kind.EXTRA, key(y), List.of()), y);
                    found.digest += digest(y);
                    y = b.next();
                }
            }
        }
    }

    private record Settled(Map<String, Difference> remaining, long moving) {
    }

    /**
     * Re-checks differences by key until they settle or {@code settle} passes: a difference that
     * disappears was in flight; one whose source row keeps changing is moving.
     */
    private Settled settle(Map<String, Difference> found, Map<String, VerifyRow> rows, Supplier<Connection> source,
                           Supplier<Connection> target, ChangeTransformer mapper) throws Exception {
        if (found.isEmpty() || found.size() > RECHECKED || settle.isZero()) {
            return new Settled(found, 0);
        }
        Map<String, Difference> remaining = new LinkedHashMap<>(found);
        Map<String, String> lastSource = new LinkedHashMap<>();
        java.util.Set<String> moving = new java.util.HashSet<>();
        Waiter.Deadline deadline = SETTLE.deadline(settle);
        try (Connection s = source.get(); Connection t = target.get()) {
            while (!remaining.isEmpty() && !deadline.passed()) {
                deadline.pause();
                for (var it = remaining.entrySet().iterator(); it.hasNext(); ) {
                    var entry = it.next();
                    List<Object> key = rows.get(entry.getKey()).key();
                    Optional<VerifyRow> x = lookup(s, sourceQuery(keyCondition(sourceSql, spec.sourceKey())), key,
                            rs -> sourceRow(rs, mapper));
                    Optional<VerifyRow> y = lookup(t, targetQuery(keyCondition(targetSql, spec.targetKeyNames())), key,
                            this::targetRow);
                    String now = x.map(r -> String.join("\u0001", r.values())).orElse("-");
                    String before = lastSource.put(entry.getKey(), now);
                    if (before != null && !before.equals(now)) {
                        moving.add(entry.getKey());
                    }
                    boolean equal = x.isEmpty() && y.isEmpty()
                            || x.isPresent() && y.isPresent() && differingColumns(x.get(), y.get()).isEmpty();
                    if (equal) {
                        it.remove();
                        moving.remove(entry.getKey());
                    }
                }
            }
        }
        remaining.keySet().removeAll(moving);
        return new Settled(remaining, moving.size());
    }

    private Optional<VerifyRow> lookup(Connection c, String sql, List<Object> key, RowStream.RowReader reader)
            throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < key.size(); i++) {
                s.setObject(i + 1, key.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(reader.read(rs)) : Optional.empty();
            }
        }
    }

    private String key(VerifyRow row) {
        return row.keyText(spec.targetKeyNames());
    }

    private List<String> differingColumns(VerifyRow x, VerifyRow y) {
        if (java.util.Arrays.equals(x.values(), y.values())) {
            return List.of();
        }
        List<String> differing = new ArrayList<>();
        for (int i = 0; i < spec.columns().size(); i++) {
            if (!x.values()[i].equals(y.values()[i])) {
                differing.add(spec.columns().get(i).name());
            }
        }
        return differing;
    }

    private VerifyRow sourceRow(ResultSet rs, ChangeTransformer mapper) throws Exception {
        Schema rowSchema = spec.rowSchema();
        GenericData.Record raw = new GenericData.Record(rowSchema);
        List<Schema.Field> fields = rowSchema.getFields();
        ColumnType[] rawTypes = typesOf(rowSchema);
        // A numeric NaN or infinity has no BigDecimal: the row is mapped with NULL there, and the
        // column compares by the source's text (the target must hold the same special value).
        Map<String, String> special = null;
        for (int i = 0; i < fields.size(); i++) {
            Object value = JdbcColumns.read(rs, i + 1, rawTypes[i]);
            if (value instanceof String text && rawTypes[i].kind() != dev.ferry.schemas.types.Kind.STRING
                    && rawTypes[i].kind() != dev.ferry.schemas.types.Kind.JSON
                    && rawTypes[i].kind() != dev.ferry.schemas.types.Kind.UUID) {
                special = special == null ? new java.util.HashMap<>() : special;
                special.put(ColumnNames.columnOf(fields.get(i)), text);
                value = null;
            }
            raw.put(i, rawTypes[i].fromJava(value, fields.get(i).schema()));
        }
        GenericRecord row = written(mapper, raw);
        if (row == null) {
            return null;
        }
        int[] at = positions.computeIfAbsent(row.getSchema(), this::positionsOf);
        ColumnType[] mappedTypes = typesOf(row.getSchema());
        String[] values = new String[spec.columns().size()];
        for (int i = 0; i < values.length; i++) {
            if (at[i] < 0) {
                values[i] = Canonical.NULL;
                continue;
            }
            ColumnType type = mappedTypes[at[i]];
            values[i] = Canonical.of(type.toJava(row.get(at[i])), type.kind());
        }
        if (special != null) {
            special.forEach((column, text) -> {
                int i = spec.columnIndex(spec.mapping().targetColumn(column));
                if (i >= 0 && Canonical.NULL.equals(values[i])) {
                    values[i] = text;
                }
            });
        }
        List<Object> key = new ArrayList<>(spec.targetKey().size());
        for (TableSpec.Column k : spec.targetKey()) {
            int i = spec.columnIndex(k.name());
            key.add(mappedTypes[at[i]].toJava(row.get(at[i])));
        }
        return new VerifyRow(key, values);
    }

    /** The row the pipeline writes for this source row as a snapshot read, or null when it writes none. */
    private GenericRecord written(ChangeTransformer transformer, GenericData.Record row) {
        GenericData.Record key = new GenericData.Record(spec.keySchema());
        for (Schema.Field f : spec.keySchema().getFields()) {
            key.put(f.pos(), row.get(f.name()));
        }
        GenericData.Record envelope = new GenericData.Record(spec.envelopeSchema());
        envelope.put("after", row);
        envelope.put("op", "r");
        Outcome outcome = transformer.apply(key, envelope);
        return outcome instanceof Outcome.Write w ? w.change().row() : null;
    }

    private ColumnType[] typesOf(Schema record) {
        return types.computeIfAbsent(record, r -> r.getFields().stream().map(f -> ColumnType.of(f.schema()))
                .toArray(ColumnType[]::new));
    }

    private int[] positionsOf(Schema mapped) {
        int[] at = new int[spec.columns().size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = -1;
            for (Schema.Field f : mapped.getFields()) {
                if (ColumnNames.columnOf(f).equals(spec.columns().get(i).name())) {
                    at[i] = f.pos();
                }
            }
        }
        return at;
    }

    private VerifyRow targetRow(ResultSet rs) throws Exception {
        String[] values = new String[spec.columns().size()];
        Object[] java = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            ColumnType type = spec.columns().get(i).type();
            java[i] = JdbcColumns.read(rs, i + 1, type);
            values[i] = Canonical.of(java[i], type.kind());
        }
        List<Object> key = new ArrayList<>(spec.targetKey().size());
        for (TableSpec.Column k : spec.targetKey()) {
            key.add(java[spec.columnIndex(k.name())]);
        }
        return new VerifyRow(key, values);
    }

    private String sourceFrom() {
        return sourceSql.quote(spec.sourceSchema()) + "." + sourceSql.quote(spec.sourceTable());
    }

    private String targetFrom() {
        return targetSql.quote(targetSchema) + "." + targetSql.quote(spec.mapping().targetTable());
    }

    private String sourceQuery(String where) {
        String columns = spec.rowSchema().getFields().stream().map(f -> sourceSql.quote(ColumnNames.columnOf(f)))
                .collect(Collectors.joining(", "));
        List<ColumnType> keyTypes = spec.targetKey().stream().map(TableSpec.Column::type).toList();
        return "SELECT " + columns + " FROM " + sourceFrom() + where + sourceSql.orderBy(spec.sourceKey(), keyTypes);
    }

    private String targetQuery(String where) {
        String columns = spec.columns().stream().map(c -> targetSql.quote(c.name())).collect(Collectors.joining(", "));
        List<ColumnType> keyTypes = spec.targetKey().stream().map(TableSpec.Column::type).toList();
        return "SELECT " + columns + " FROM " + targetFrom() + where + targetSql.orderBy(spec.targetKeyNames(), keyTypes);
    }

    private static String keyCondition(SqlShape sql, List<String> key) {
        return " WHERE " + key.stream().map(k -> sql.quote(k) + " = ?").collect(Collectors.joining(" AND "));
    }

    /**
     * A 64-bit FNV-1a hash of a row's canonical values; the table checksum is the sum of these,
     * which does not depend on the order rows came in.
     */
    private static long digest(VerifyRow row) {
        long h = 0xcbf29ce484222325L;
        for (String v : row.values()) {
            for (int i = 0; i < v.length(); i++) {
                h = (h ^ v.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0xffff) * 0x100000001b3L;
        }
        return h;
    }
}
