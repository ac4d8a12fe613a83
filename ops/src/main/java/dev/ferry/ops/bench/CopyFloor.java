package dev.ferry.ops.bench;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The physical floor of a table move: {@code COPY TO STDOUT} from the source streamed straight
 * into {@code COPY FROM STDIN} on the target, in binary format, through a bounded pipe.
 */
final class CopyFloor {

    private CopyFloor() {
    }

    /** Copies {@code table} (which must exist, empty, on the target); returns the rows copied. */
    static long copy(Connection source, Connection target, String table) throws Exception {
        return copy(source, target, table, "binary", table);
    }

    /**
     * Copies the rows of {@code query} on the source into {@code table} on the target, in text
     * format (the two tables' column types need only read each other's text); returns the rows copied.
     */
    static long copyQuery(Connection source, Connection target, String query, String table) throws Exception {
        return copy(source, target, "(" + query + ")", "text", table);
    }

    private static long copy(Connection source, Connection target, String from, String format, String table)
            throws Exception {
        CopyManager out = source.unwrap(PGConnection.class).getCopyAPI();
        CopyManager in = target.unwrap(PGConnection.class).getCopyAPI();
        PipedInputStream pipeIn = new PipedInputStream(1 << 20);
        PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
            try (pipeOut) {
                return out.copyOut("COPY " + from + " TO STDOUT (FORMAT " + format + ")", pipeOut);
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("COPY out of " + from + " failed: " + e.getMessage(), e);
            }
        });
        long written = in.copyIn("COPY " + table + " FROM STDIN (FORMAT " + format + ")", pipeIn);
        reader.join();
        return written;
    }
}
