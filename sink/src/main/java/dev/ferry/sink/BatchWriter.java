package dev.ferry.sink;

import dev.ferry.sink.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes a batch of changes into the target within the caller's transaction. Changes of one row
 * collapse to the last one (an upsert then a delete of a key is a delete, a delete then an upsert
 * an upsert), so order per row is kept. Per table, deletes go first, then upserts, as multi-row
 * statements of at most the dialect's parameter limit.
 */
final class BatchWriter {

    private final Dialect dialect;
    private final String schema;
    private final TableCatalog catalog;
    private final Map<Schema, TableShape> shapes = new java.util.concurrent.ConcurrentHashMap<>();

    BatchWriter(Dialect dialect, String schema, TableCatalog catalog) {
        this.dialect = dialect;
        this.schema = schema;
        this.catalog = catalog;
    }

    /** Writes {@code changes}; does not commit. */
    void write(Connection c, List<Change> changes) throws SQLException {
        Map<String, Map<List<Object>, Change>> byTable = new LinkedHashMap<>();
        for (Change change : changes) {
            Map<List<Object>, Change> rows = byTable.computeIfAbsent(change.table(), t -> new LinkedHashMap<>());
            rows.remove(change.keyValues());
            rows.put(change.keyValues(), change);
        }
        for (var entry : byTable.entrySet()) {
            writeTable(c, entry.getKey(), new ArrayList<>(entry.getValue().values()));
        }
    }

    private void writeTable(Connection c, String table, List<Change> changes) throws SQLException {
        List<Change> deletes = new ArrayList<>();
        Map<Schema, List<Change>> upserts = new LinkedHashMap<>();
        for (Change change : changes) {
            if (change.isDelete()) {
                deletes.add(change);
            } else {
                upserts.computeIfAbsent(change.row().getSchema(), s -> new ArrayList<>()).add(change);
            }
        }
        String qualified = dialect.table(schema, table);
        if (!deletes.isEmpty()) {
            TableShape shape = shape(deletes.get(0).key(), null);
            if (catalog.ensure(c, table, shape)) {
                delete(c, qualified, shape, deletes);
            }
        }
        for (List<Change> group : upserts.values()) {
            TableShape shape = shape(group.get(0).key(), group.get(0).row());
            catalog.ensure(c, table, shape);
            upsert(c, qualified, shape, group);
        }
    }

    private void delete(Connection c, String qualified, TableShape shape, List<Change> deletes) throws SQLException {
        int perStatement = Math.max(1, dialect.maxParameters() / shape.keys().size());
        for (int from = 0; from < deletes.size(); from += perStatement) {
            List<Change> chunk = deletes.subList(from, Math.min(deletes.size(), from + perStatement));
            try (PreparedStatement s = c.prepareStatement(dialect.delete(qualified, shape.keys(), chunk.size()))) {
                int i = 1;
                for (Change change : chunk) {
                    for (Column k : shape.keys()) {
                        dialect.bind(s, i++, k.type(), k.type().toJava(change.key().get(k.field())));
                    }
                }
                s.executeUpdate();
            }
        }
    }

    private void upsert(Connection c, String qualified, TableShape shape, List<Change> rows) throws SQLException {
        List<String> keys = shape.keys().stream().map(Column::name).toList();
        int perStatement = Math.max(1, dialect.maxParameters() / shape.columns().size());
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<Change> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
            try (PreparedStatement s = c.prepareStatement(dialect.upsert(qualified, shape.columns(), keys, chunk.size()))) {
                int i = 1;
                for (Change change : chunk) {
                    GenericRecord row = change.row();
                    for (Column col : shape.columns()) {
                        dialect.bind(s, i++, col.type(), col.type().toJava(row.get(col.field())));
                    }
                }
                s.executeUpdate();
            }
        }
    }

    private TableShape shape(GenericRecord key, GenericRecord row) {
        Schema rowSchema = row == null ? null : row.getSchema();
        Schema cacheKey = rowSchema == null ? key.getSchema() : rowSchema;
        return shapes.computeIfAbsent(cacheKey, s -> TableShape.of(key.getSchema(), rowSchema));
    }
}
