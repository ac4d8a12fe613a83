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
        CopyManager out = source.unwrap(PGConnection.class).getCopyAPI();
        CopyManager in = target.unwrap(PGConnection.class).getCopyAPI();
        PipedInputStream pipeIn = new PipedInputStream(1 << 20);
        PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
            try (pipeOut) {
                return out.copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", pipeOut);
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("COPY out of " + table + " failed: " + e.getMessage(), e);
            }
        });
        long written = in.copyIn("COPY " + table + " FROM STDIN (FORMAT binary)", pipeIn);
        reader.join();
        return written;
    }
}
