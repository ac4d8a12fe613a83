package dev.ferry.schemas.registry;

import dev.ferry.schemas.retry.Pauser;
import dev.ferry.schemas.retry.RetryPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
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
    /** Pauses between tries: 200 ms doubling to 30 s. */
    static final RetryPolicy PAUSES = RetryPolicy.DEFAULT;

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
        Pauser pauser = Pauser.until(closed);
        for (int attempt = 1; ; attempt++) {
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
                Duration pause = PAUSES.delay(attempt);
                LOG.warn("{}; trying again in {} ms", e.getMessage(), pause.toMillis());
                try {
                    if (!pauser.pause(pause)) {
                        throw e;
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
