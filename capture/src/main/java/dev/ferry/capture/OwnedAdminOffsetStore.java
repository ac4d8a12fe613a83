package dev.ferry.capture;

import io.debezium.embedded.KafkaConnectUtil;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.util.SharedTopicAdmin;

/**
 * Debezium's offset store in a Kafka topic, owning the admin client it uses. Debezium's own setup
 * of this store hands it an admin client that nothing ever closes, so each engine restart (after a
 * source failure) left an admin client and its thread behind, reconnecting for ever once Kafka was
 * gone. This store creates its admin client when configured and closes it when stopped.
 *
 * <p>Named by class in the engine's {@code offset.storage}; Debezium creates it with the no-argument
 * constructor. Offsets are stored exactly as Debezium stores them (same topic, same JSON).
 */
public final class OwnedAdminOffsetStore extends KafkaOffsetBackingStore {

    /** Client id prefix of the admin client, followed by the engine name. */
    static final String ADMIN_CLIENT_ID_PREFIX = "ferry-offsets-admin-";

    private final AtomicReference<SharedTopicAdmin> admin;
    private final AtomicReference<String> engineName;

    public OwnedAdminOffsetStore() {
        this(new AtomicReference<>(), new AtomicReference<>());
    }

    private OwnedAdminOffsetStore(AtomicReference<SharedTopicAdmin> admin, AtomicReference<String> engine) {
        super(() -> admin.get().topicAdmin(), () -> "ferry-offsets-" + engine.get(),
                KafkaConnectUtil.converterForOffsetStore());
        this.admin = admin;
        this.engineName = engine;
    }

    @Override
    public void configure(WorkerConfig config) {
        Map<String, Object> adminConfig = new HashMap<>(config.originals());
        String engine = String.valueOf(adminConfig.getOrDefault("name", "engine"));
        engineName.set(engine);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, ADMIN_CLIENT_ID_PREFIX + engine);
        SharedTopicAdmin previous = admin.getAndSet(new SharedTopicAdmin(adminConfig));
        if (previous != null) {
            previous.close(Duration.ofSeconds(5));
        }
        super.configure(config);
    }

    @Override
    public void stop() {
        try {
            super.stop();
        } finally {
            SharedTopicAdmin owned = admin.getAndSet(null);
            if (owned != null) {
                owned.close(Duration.ofSeconds(5));
            }
        }
    }
}
