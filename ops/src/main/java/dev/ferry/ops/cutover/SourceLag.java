package dev.ferry.ops.cutover;

import dev.ferry.capture.CaptureConfig;
import dev.ferry.ops.config.DbType;
import dev.ferry.ops.config.SourceSection;
import dev.ferry.ops.pipeline.StageConfigs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * How far capture's confirmed position trails each source's log now, read as cutover reads both
 * positions (one query per source, no nudge): PostgreSQL, the WAL bytes the replication slot holds
 * back (current WAL LSN minus the slot's confirmed flush LSN); MariaDB/MySQL, the binlog bytes
 * between the server's position and that of the capture offset committed last, when both are in the
 * same binlog file.
 */
public final class SourceLag {

    /**
     * @param source the source's name
     * @param bytesBehind WAL or binlog bytes not yet confirmed by capture; -1 when not known (see {@code note})
     * @param note what the figure is, or why it is not known (no slot yet, another binlog file, an error)
     */
    public record Behind(String source, long bytesBehind, String note) {
    }

    private SourceLag() {
    }

    /** One entry per captured source; a source that cannot be read says why instead of failing the rest. */
    public static List<Behind> read(StageConfigs configs) {
        List<Behind> all = new ArrayList<>();
        for (CaptureConfig capture : configs.captures()) {
            SourceSection source = configs.ferryConfig().source(capture.source()).orElseThrow();
            SourceControl control = SourceControl.of(source.type());
            try (Connection c = DriverManager.getConnection(source.url(), source.user(), source.password().reveal())) {
                long current = control.currentPosition(c);
                long confirmed = control.confirmedPosition(c, capture);
                all.add(behind(source.name(), source.type(), current, confirmed));
            } catch (SQLException | RuntimeException e) {
                all.add(new Behind(source.name(), -1, "cannot read its position: " + e.getMessage()));
            }
        }
        return all;
    }

    static Behind behind(String source, DbType type, long current, long confirmed) {
        if (confirmed < 0) {
            return new Behind(source, -1, "capture has confirmed no position yet");
        }
        if (type == DbType.POSTGRES) {
            return new Behind(source, Math.max(0, current - confirmed), "WAL bytes the replication slot holds back");
        }
        if (current >>> 32 != confirmed >>> 32) {
            return new Behind(source, -1, "capture is in an earlier binlog file than the server");
        }
        return new Behind(source, Math.max(0, (current & 0xFFFFFFFFL) - (confirmed & 0xFFFFFFFFL)),
                "binlog bytes behind the server");
    }
}
