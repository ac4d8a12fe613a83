package dev.ferry.ops.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The benchmark table: 12 mixed-type columns, about 300 bytes a row, filled server-side. */
public final class BenchTable {

    public static final String NAME = "items";
    static final String DDL = """
            CREATE TABLE items (
              id bigint PRIMARY KEY, account_id bigint NOT NULL, name varchar(64) NOT NULL, email text,
              amount numeric(12,2), qty integer, ratio double precision, active boolean,
              created_at timestamptz NOT NULL, updated_at timestamp, birth_date date, note text)""";

    private BenchTable() {
    }

    /** Creates the empty table. */
    public static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(DDL);
        }
    }

    /** Creates and fills the table with {@code rows} rows. */
    public static void fill(Connection c, long rows) throws SQLException {
        create(c);
        insert(c, 1, rows);
        settle(c);
    }

    /** Inserts the rows with ids {@code from} to {@code to}, both included. */
    static void insert(Connection c, long from, long to) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO items
                    SELECT i, i %% 10007, 'name-' || md5(i::text), 'user' || i || '@example.com',
                           (i %% 1000000) / 100.0, (i %% 1000)::int, i / 7.0, i %% 2 = 0,
                           timestamptz '2021-01-01 00:00:00+00' + i * interval '1 second',
                           timestamp '2022-01-01 00:00:00' + i * interval '1 millisecond',
                           date '1950-01-01' + (i %% 20000)::int,
                           repeat(md5((i * 3)::text), 4) || ' ' || i
                    FROM generate_series(%d, %d) i""".formatted(from, to));
        }
    }

    /**
     * Brings a freshly loaded table to the state of a long-lived one before anything is timed:
     * vacuumed (hint bits and visibility map set, so the first reader does not write every page)
     * and checkpointed (no background flush of the load competes with the measured work).
     */
    public static void settle(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("VACUUM (ANALYZE) items");
            s.execute("CHECKPOINT");
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Rows in the table. */
    public static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
