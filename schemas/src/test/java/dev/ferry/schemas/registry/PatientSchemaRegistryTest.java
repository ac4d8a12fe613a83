package dev.ferry.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class PatientSchemaRegistryTest {

    private static final Schema ROW = SchemaBuilder.record("Row").fields().requiredLong("id").endRecord();

    /** A registry that is unavailable for its first {@code outages} calls, then answers from memory. */
    private static final class Flaky implements SchemaRegistry {

        private final MemorySchemaRegistry memory = new MemorySchemaRegistry();
        private final AtomicInteger calls = new AtomicInteger();
        private final int outages;
        private final SchemaRegistryException failure;

        Flaky(int outages, SchemaRegistryException failure) {
            this.outages = outages;
            this.failure = failure;
        }

        private void maybeFail() {
            if (calls.incrementAndGet() <= outages) {
                throw failure;
            }
        }

        @Override
        public int register(String subject, Schema schema) {
            maybeFail();
            return memory.register(subject, schema);
        }

        @Override
        public Schema byId(int id) {
            maybeFail();
            return memory.byId(id);
        }

        @Override
        public Optional<Schema> latest(String subject) {
            maybeFail();
            return memory.latest(subject);
        }
    }

    @Test
    void waitsOutAnOutageAndAnswers() {
        Flaky flaky = new Flaky(2, new SchemaRegistryUnavailableException("HTTP 503"));
        PatientSchemaRegistry registry = new PatientSchemaRegistry(flaky);

        int id = registry.register("t-value", ROW);

        assertEquals(ROW, registry.byId(id));
        assertTrue(registry.unavailableSince().isEmpty(), "answers again");
        assertEquals("HTTP 503", registry.lastError());
        assertEquals(4, flaky.calls.get(), "two refused calls, the register that answered, then byId");
    }

    @Test
    void otherFailuresAreThrownAtOnce() {
        Flaky flaky = new Flaky(1, new SchemaRegistryException("HTTP 404 schema not found"));

        assertThrows(SchemaRegistryException.class, () -> new PatientSchemaRegistry(flaky).byId(7));
        assertEquals(1, flaky.calls.get());
    }

    @Test
    void closingEndsAWaitWithTheOutage() throws Exception {
        Flaky flaky = new Flaky(Integer.MAX_VALUE, new SchemaRegistryUnavailableException("HTTP 503"));
        PatientSchemaRegistry registry = new PatientSchemaRegistry(flaky);
        CompletableFuture<Schema> waiting = CompletableFuture.supplyAsync(() -> registry.byId(1));
        // Await the condition (the wait has begun: a refused call, the outage recorded), not a time.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((flaky.calls.get() < 1 || registry.unavailableSince().isEmpty()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(registry.unavailableSince().isPresent(), "unavailable while waiting");
        assertTrue(!waiting.isDone(), "still waiting for the registry");

        registry.close();

        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
        assertEquals(SchemaRegistryUnavailableException.class, e.getCause().getClass());
    }
}
