package dev.ferry.ops.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads an ordered query on its own thread and hands its rows over in chunks through a bounded
 * queue, so the source and the target are read at the same time while memory stays flat.
 */
final class RowStream implements AutoCloseable {

    /** Turns the current row of a result set into a verify row, or null to skip it (filtered). */
    @FunctionalInterface
    interface RowReader {
        VerifyRow read(ResultSet rs) throws Exception;
    }

    private static final List<VerifyRow> END = new ArrayList<>();
    private static final int CHUNK = 2000;

    private final BlockingQueue<List<VerifyRow>> queue = new ArrayBlockingQueue<>(8);
    private final Thread thread;
    private volatile Exception failure;
    private volatile boolean closed;
    private List<VerifyRow> chunk = List.of();
    private int index;

    RowStream(String name, Connection connection, String sql, RowReader reader) {
        thread = new Thread(() -> run(connection, sql, reader), "ferry-verify-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Connection connection, String sql, RowReader reader) {
        try {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement s = connection.prepareStatement(sql)) {
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery()) {
                    List<VerifyRow> rows = new ArrayList<>(CHUNK);
                    while (rs.next() && !closed) {
                        VerifyRow row = reader.read(rs);
                        if (row != null) {
                            rows.add(row);
                        }
                        if (rows.size() == CHUNK) {
                            put(rows);
                            rows = new ArrayList<>(CHUNK);
                        }
                    }
                    put(rows);
                }
            } finally {
                connection.commit();
                connection.setAutoCommit(auto);
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            try {
                put(END);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void put(List<VerifyRow> rows) throws InterruptedException {
        while (!closed && !queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
            // Wait for the comparison to catch up.
        }
    }

    /**
     * The next row, or null at the end.
     *
     * @throws VerifyException when reading failed
     */
    VerifyRow next() throws InterruptedException {
        while (index >= chunk.size()) {
            if (chunk == END) {
                return null;
            }
            chunk = queue.take();
            index = 0;
            if (chunk == END) {
                if (failure != null) {
                    throw new VerifyException("reading failed: " + failure.getMessage(), failure);
                }
                return null;
            }
        }
        return chunk.get(index++);
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        thread.interrupt();
    }
}
