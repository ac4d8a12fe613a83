package dev.ferry.ops.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * Changes the demo's source while the pipeline streams: inserts, updates, deletes (cascading to
 * order items) and primary-key changes, each in its own transaction, like an application would.
 */
public final class LiveWriter {

    private final Connection c;
    private final Random random;
    private final int rows;
    private long nextCustomer;
    private long nextOrder;

    /** @param rows the size the schema was created with */
    public LiveWriter(Connection c, int rows, long seed) {
        this.c = c;
        this.rows = rows;
        this.random = new Random(seed);
        this.nextCustomer = rows + 1L;
        this.nextOrder = rows + 1L;
    }

    /** Runs {@code changes} changes; returns how many statements changed at least one row. */
    public int run(int changes) throws SQLException {
        c.setAutoCommit(true);
        int done = 0;
        for (int i = 0; i < changes; i++) {
            done += switch (i % 8) {
                case 0 -> insertCustomer();
                case 1 -> update("UPDATE customers SET balance = balance + 1.25, email = 'changed' || id || '@example.org'"
                        + " WHERE id = ?", 1 + random.nextInt(rows));
                case 2 -> insertOrder();
                case 3 -> update("UPDATE orders SET status = 'shipped', note = NULL, ship_date = current_date WHERE id = ?",
                        1 + random.nextInt(rows));
                case 4 -> update("DELETE FROM orders WHERE id = ?", 1 + random.nextInt(rows));
                case 5 -> update("UPDATE products SET price = price * 1.1, attributes = '{\"sale\": true}' WHERE id = ?",
                        1 + random.nextInt(Math.max(50, rows / 10)));
                case 6 -> changeOrderKey();
                default -> update("UPDATE order_items SET quantity = quantity + 1 WHERE order_id = ? AND line_no = 1",
                        1 + random.nextInt(rows));
            };
        }
        return done;
    }

    private int insertCustomer() throws SQLException {
        long id = nextCustomer++;
        return update("INSERT INTO customers VALUES (?, 'Live ' || ?, NULL, now(), 0.00, true, '{\"live\": 1}', gen_random_uuid())",
                id, id);
    }

    private int insertOrder() throws SQLException {
        long id = nextOrder++;
        c.setAutoCommit(false);
        try {
            update("INSERT INTO orders VALUES (?, ?, now(), 'new', 10.00, 'live order', NULL)", id, 1 + random.nextInt(rows));
            update("INSERT INTO order_items VALUES (?, 1, 1, 2, 5.00), (?, 2, 2, 1, 0.50)", id, id);
            c.commit();
            return 1;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** A primary-key change: the order (and its items, via a new order) moves to a new id. */
    private int changeOrderKey() throws SQLException {
        long id = nextOrder++;
        update("INSERT INTO orders VALUES (?, 1, now(), 'new', 1.00, 'to be renumbered', NULL)", id);
        long renumbered = 10_000_000L + id;
        return update("UPDATE orders SET id = ? WHERE id = ?", renumbered, id);
    }

    private int update(String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate() > 0 ? 1 : 0;
        }
    }

    /** Row counts of the sample tables, for summaries. */
    public static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
