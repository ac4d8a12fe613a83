package dev.ferry.sink;

import dev.ferry.sink.retry.SqlErrorClassifier;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.Kind;
import dev.ferry.sink.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes a batch of changes into the target within the caller's transaction. Changes of one row
 * collapse to the last one ({@link RowCollapse}), so order per row is kept. The tables and columns
 * every statement needs are made ready first ({@link TableCatalog}), then, per table, deletes go
 * first and upserts after, as multi-row statements of at most the dialect's parameter limit, one
 * statement shape per record schema and set of unchanged columns (a partial update leaves those
 * columns out, so the target keeps their values).
 *
 * <p>Under {@code newer-wins} every table gets the column {@value #POSITION_COLUMN} with the
 * source position of its row; an upsert only overwrites a row whose position is not newer, and a
 * delete only removes such a row.
 */
final class BatchWriter {

    /** The column holding each row's source position under {@code newer-wins}. */
    static final String POSITION_COLUMN = "__ferry_position";
    private static final Column POSITION = new Column(POSITION_COLUMN,
            new ColumnType(Kind.INT64, true, null, null, null, 0), -1);

    private final Dialect dialect;
    private final String schema;
    private final TableCatalog catalog;
    private final boolean newerWins;
    private final Map<Schema, TableShape> shapes = new ConcurrentHashMap<>();

    BatchWriter(Dialect dialect, String schema, TableCatalog catalog, boolean newerWins) {
        this.dialect = dialect;
        this.schema = schema;
        this.catalog = catalog;
        this.newerWins = newerWins;
    }

    /** Writes {@code changes}; does not commit (DDL they need is committed before). */
    void write(Connection c, List<Change> changes) throws SQLException {
        List<Step> steps = new ArrayList<>();
        for (var entry : RowCollapse.collapse(changes).entrySet()) {
            plan(entry.getKey(), entry.getValue(), steps);
        }
        for (Step step : steps) {
            // Every column of the record must exist, also those a partial update leaves alone.
            List<Column> needed = step.isDelete() ? null : columns(step.shape(), Set.of(), true);
            if (catalog.ensure(c, step.table(), step.shape().keys(), needed)) {
                step.ready = true;
            }
        }
        for (Step step : steps) {
            if (!step.ready) {
                continue;
            }
            String qualified = dialect.table(schema, step.table());
            if (step.isDelete()) {
                delete(c, qualified, step.shape(), step.changes());
            } else {
                upsert(c, qualified, step.shape().keys(), step.columns(), step.changes());
            }
        }
    }

    /**
     * Applies a source truncate to {@code table} in the connection's transaction: empties it, or with
     * {@code softDeleteColumn} sets that column true in every row. A table the target does not have
     * yet has nothing to truncate. MariaDB/MySQL commit a {@code TRUNCATE} at once (it is DDL there).
     *
     * @param softDeleteColumn null to empty the table
     */
    void truncate(Connection c, String table, String softDeleteColumn) throws SQLException {
        String qualified = dialect.table(schema, table);
        try (var s = c.createStatement()) {
            s.execute(softDeleteColumn == null ? dialect.truncate(qualified) : dialect.markAllDeleted(qualified, softDeleteColumn));
        } catch (SQLException e) {
            if (!SqlErrorClassifier.isMissingTable(e)) {
                throw e;
            }
            c.rollback();
        }
    }

    /** Forgets cached knowledge of the target (after a reconnect). */
    void forget() {
        catalog.forget();
    }

    private void plan(String table, List<Change> changes, List<Step> steps) throws RecordRefusedException {
        List<Change> deletes = new ArrayList<>();
        Map<List<Object>, List<Change>> upserts = new LinkedHashMap<>();
        for (Change change : changes) {
            if (change.isDelete()) {
                deletes.add(change);
            } else {
                upserts.computeIfAbsent(List.of(change.row().getSchema(), change.unchanged()), s -> new ArrayList<>())
                        .add(change);
            }
        }
        if (!deletes.isEmpty()) {
            steps.add(new Step(table, shape(deletes.get(0)), null, deletes));
        }
        for (List<Change> group : upserts.values()) {
            TableShape shape = shape(group.get(0));
            steps.add(new Step(table, shape, written(shape, group.get(0).unchanged()), group));
        }
    }

    /**
     * The columns an upsert writes: all but the unchanged ones and those the target generates, plus
     * the position under newer-wins.
     */
    private List<Column> written(TableShape shape, Set<String> unchanged) {
        return columns(shape, unchanged, false);
    }

    /** @param withGenerated true for the columns the table must have, false for those written */
    private List<Column> columns(TableShape shape, Set<String> unchanged, boolean withGenerated) {
        List<Column> columns = new ArrayList<>();
        for (Column col : shape.columns()) {
            boolean generated = dialect.generates(col) && shape.keys().stream().noneMatch(k -> k.name().equals(col.name()));
            if (!unchanged.contains(col.name()) && (withGenerated || !generated)) {
                columns.add(col);
            }
        }
        if (newerWins) {
            columns.add(POSITION);
        }
        return List.copyOf(columns);
    }

    private void delete(Connection c, String qualified, TableShape shape, List<Change> deletes) throws SQLException {
        if (newerWins) {
            try (PreparedStatement s = c.prepareStatement(dialect.guardedDelete(qualified, shape.keys(), POSITION_COLUMN))) {
                for (Change change : deletes) {
                    int i = 1;
                    for (Column k : shape.keys()) {
                        bind(s, i++, change, k, change.key().get(k.field()));
                    }
                    // A delete of unknown position deletes whatever is there (last writer wins).
                    s.setLong(i, change.position() == null ? Long.MAX_VALUE : change.position());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return;
        }
        int perStatement = Math.max(1, dialect.maxParameters() / shape.keys().size());
        for (int from = 0; from < deletes.size(); from += perStatement) {
            List<Change> chunk = deletes.subList(from, Math.min(deletes.size(), from + perStatement));
            try (PreparedStatement s = c.prepareStatement(dialect.delete(qualified, shape.keys(), chunk.size()))) {
                int i = 1;
                for (Change change : chunk) {
                    for (Column k : shape.keys()) {
                        bind(s, i++, change, k, change.key().get(k.field()));
                    }
                }
                s.executeUpdate();
            }
        }
    }

    private void upsert(Connection c, String qualified, List<Column> keyColumns, List<Column> columns, List<Change> rows)
            throws SQLException {
        List<String> keys = keyColumns.stream().map(Column::name).toList();
        String guard = newerWins ? POSITION_COLUMN : null;
        int perStatement = Math.max(1, dialect.maxParameters() / columns.size());
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<Change> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
            try (PreparedStatement s = c.prepareStatement(dialect.upsert(qualified, columns, keys, chunk.size(), guard))) {
                int i = 1;
                for (Change change : chunk) {
                    GenericRecord row = change.row();
                    for (Column col : columns) {
                        if (col.field() < 0) {
                            dialect.bind(s, i++, col.type(), change.position());
                        } else {
                            bind(s, i++, change, col, row.get(col.field()));
                        }
                    }
                }
                s.executeUpdate();
            }
        }
    }

    /**
     * Converts one record's value of a column and binds it. Whatever goes wrong there (the
     * conversion throws, or the dialect refuses the value) is that record's fault.
     *
     * @throws RecordRefusedException naming the table, key, column and value
     */
    private void bind(PreparedStatement s, int index, Change change, Column column, Object avro) throws SQLException {
        try {
            dialect.bind(s, index, column.type(), column.type().toJava(avro));
        } catch (java.sql.SQLDataException | RuntimeException e) {
            throw RecordRefusedException.of(change, column, avro, e);
        }
    }

    /** The shape of a change's record schemas; a schema Ferry cannot read refuses that record. */
    private TableShape shape(Change change) throws RecordRefusedException {
        GenericRecord key = change.key();
        Schema rowSchema = change.row() == null ? null : change.row().getSchema();
        Schema cacheKey = rowSchema == null ? key.getSchema() : rowSchema;
        try {
            return shapes.computeIfAbsent(cacheKey, s -> TableShape.of(key.getSchema(), rowSchema));
        } catch (RuntimeException e) {
            throw RecordRefusedException.of(change, null, null, e);
        }
    }

    /** One statement group of a batch: the deletes of a table, or its upserts of one shape. */
    private static final class Step {
        private final String table;
        private final TableShape shape;
        private final List<Column> columns;
        private final List<Change> changes;
        private boolean ready;

        Step(String table, TableShape shape, List<Column> columns, List<Change> changes) {
            this.table = table;
            this.shape = shape;
            this.columns = columns;
            this.changes = changes;
        }

        String table() {
            return table;
        }

        TableShape shape() {
            return shape;
        }

        List<Column> columns() {
            return columns;
        }

        List<Change> changes() {
            return changes;
        }

        boolean isDelete() {
            return columns == null;
        }
    }
}
