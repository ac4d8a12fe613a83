package dev.ferry.capture;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;

/**
 * Finds the tables added to a source's config since it last ran: tables without a raw topic, while
 * other tables of the source have one. Capture creates every configured table's raw topic before
 * its engine starts, so a raw topic exists exactly for the tables some earlier run captured.
 */
final class AddedTables {

    private AddedTables() {
    }

    /**
     * @return the configured tables that earlier runs did not capture, in config order; empty on a
     *     first run (no raw topic at all), when nothing was added, or with {@link SnapshotMode#NEVER}
     */
    static List<String> find(Admin admin, CaptureConfig config) {
        if (config.snapshot() == SnapshotMode.NEVER) {
            return List.of();
        }
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new CaptureException("cannot list topics for source " + config.source() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptureException("interrupted listing topics for source " + config.source(), e);
        }
        List<String> added = config.tables().stream().filter(t -> !existing.contains(config.rawTopic(t))).toList();
        return added.size() == config.tables().size() ? List.of() : added;
    }
}
