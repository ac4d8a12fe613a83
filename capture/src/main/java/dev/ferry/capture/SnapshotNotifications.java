package dev.ferry.capture;

import io.debezium.config.CommonConnectorConfig;
import io.debezium.pipeline.notification.Notification;
import io.debezium.pipeline.notification.channels.NotificationChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Debezium's incremental-snapshot notifications, turned into the progress of the chunked first
 * snapshot ({@link SnapshotPlan}). Debezium creates one channel per engine through the service
 * loader, so each finds its stage's {@link CaptureProgress} by the engine's logical name (the
 * topic prefix of the source). Only the snapshot Ferry asked for at first start
 * ({@link #FIRST_SNAPSHOT_ID}, kept in the source offset across restarts) counts as the
 * snapshot; a later re-snapshot stays a re-snapshot.
 */
public final class SnapshotNotifications implements NotificationChannel {

    /** The channel's name in {@code notification.enabled.channels}. */
    static final String NAME = "ferry-progress";
    /** The id of the execute-snapshot signal of the chunked first snapshot. */
    static final String FIRST_SNAPSHOT_ID = "ferry-first-snapshot";

    private static final Map<String, CaptureProgress> PROGRESS = new ConcurrentHashMap<>();

    private String logicalName;

    /** Routes the notifications of the engine named {@code logicalName} to {@code progress}. */
    static void register(String logicalName, CaptureProgress progress) {
        PROGRESS.put(logicalName, progress);
    }

    static void unregister(String logicalName) {
        PROGRESS.remove(logicalName);
    }

    @Override
    public void init(CommonConnectorConfig config) {
        logicalName = config.getLogicalName();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void send(Notification notification) {
        CaptureProgress progress = PROGRESS.get(logicalName);
        if (progress == null || !"Incremental Snapshot".equals(notification.getAggregateType())) {
            return;
        }
        Map<String, String> data = notification.getAdditionalData();
        if (!FIRST_SNAPSHOT_ID.equals(notification.getId())) {
            if ("IN_PROGRESS".equals(notification.getType())) {
                progress.reSnapshotting(data.get("current_collection_in_progress"));
            }
            return;
        }
        switch (notification.getType()) {
            case "IN_PROGRESS" -> progress.chunking(data.get("current_collection_in_progress"));
            case "TABLE_SCAN_COMPLETED" -> progress.chunkingDone(data.get("scanned_collection"));
            case "COMPLETED", "ABORTED" -> progress.chunkingDone();
            default -> {
            }
        }
    }

    @Override
    public void close() {
    }
}
