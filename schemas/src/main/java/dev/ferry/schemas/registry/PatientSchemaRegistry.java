package dev.ferry.schemas.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry that waits out outages: a call that fails because the registry is unavailable is
 * tried again (pauses from 200 ms doubling to 30 s, each retry logged) until it answers, so a
 * registry restart never turns records into dead letters. Other failures (an unknown id, a refused
 * schema) are thrown at once. After {@link #close()}, waiting calls give up with the last
 * {@link SchemaRegistryUnavailableException}, so stages can stop during an outage.
 */
public final class PatientSchemaRegistry implements SchemaRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PatientSchemaRegistry.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final SchemaRegistry registry;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Instant unavailableSince;
    private volatile String lastError;

    public PatientSchemaRegistry(SchemaRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int register(String subject, Schema schema) {
        return patiently(() -> registry.register(subject, schema));
    }

    @Override
    public Schema byId(int id) {
        return patiently(() -> registry.byId(id));
    }

    @Override
    public Optional<Schema> latest(String subject) {
        return patiently(() -> registry.latest(subject));
    }

    /** Since when the registry has been unavailable, empty while it answers. */
    public Optional<Instant> unavailableSince() {
        return Optional.ofNullable(unavailableSince);
    }

    /** Why the registry was last unavailable, null if it never was. */
    public String lastError() {
        return lastError;
    }

    /** Ends every wait: calls still failing for unavailability throw from now on. */
    @Override
    public void close() {
        closed.countDown();
        registry.close();
    }

    private <T> T patiently(Supplier<T> call) {
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                T answer = call.get();
                if (unavailableSince != null) {
                    LOG.info("schema registry answers again");
                    unavailableSince = null;
                }
                return answer;
            } catch (SchemaRegistryUnavailableException e) {
                lastError = e.getMessage();
                if (unavailableSince == null) {
                    unavailableSince = Instant.now();
                }
                if (closed.getCount() == 0) {
                    throw e;
                }
                LOG.warn("{}; trying again in {} ms", e.getMessage(), pause.toMillis());
                try {
                    if (closed.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw e;
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }
}
