package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.cutover.ControlChannel;
import dev.ferry.ops.cutover.ControlListener;
import dev.ferry.schemas.TopicNames;
import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.registry.RegistryAddress;
import dev.ferry.tests.fixtures.SharedServices;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The cutover control listener of {@code ferry run} under its supervisor, against the real broker,
 * with an unexpected exception injected into its work: it restarts and still hears the stop request
 * of {@code ferry cutover --finish} (even one sent while it was down), or, when the failure persists,
 * says so out loud (the run then stops and exits 1) instead of dying quietly.
 */
class ControlListenerTest {

    @Test
    void anUnexpectedFailureRestartsTheListenerWhichStillHearsTheStopRequest() throws Exception {
        KafkaSettings kafka = kafka("control-restart");
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch failing = new CountDownLatch(1);
        AtomicInteger polls = new AtomicInteger();
        try (ControlListener listener = new ControlListener(kafka, stopped::countDown, cause -> { }, 3).withFault(() -> {
            if (polls.incrementAndGet() == 1) {
                failing.countDown();
                throw new IllegalStateException("injected: the control listener broke");
            }
        }).start()) {
            assertTrue(failing.await(30, TimeUnit.SECONDS));
            // Sent while the listener waits to restart: it must still be heard.
            ControlChannel.requestStop(kafka);
            assertTrue(stopped.await(60, TimeUnit.SECONDS), "the stop request was heard after the restart");
            assertEquals(1, listener.restarts());
            assertTrue(listener.failure().contains("injected: the control listener broke"), listener.failure());
        }
    }

    @Test
    void aFailureThatPersistsIsReportedNotSwallowed() throws Exception {
        KafkaSettings kafka = kafka("control-failed");
        AtomicReference<String> reported = new AtomicReference<>();
        CountDownLatch failed = new CountDownLatch(1);
        AtomicInteger polls = new AtomicInteger();
        try (ControlListener listener = new ControlListener(kafka, () -> { }, cause -> {
            reported.set(cause);
            failed.countDown();
        }, 1).withFault(() -> {
            polls.incrementAndGet();
            throw new IllegalStateException("injected: broken for good");
        }).start()) {
            assertTrue(failed.await(60, TimeUnit.SECONDS), "the failure was reported");
            assertNotNull(reported.get());
            assertEquals("java.lang.IllegalStateException: injected: broken for good", reported.get());
            assertEquals(2, polls.get(), "the first run and one restart");
            assertEquals(1, listener.restarts());
        }
    }

    private static KafkaSettings kafka(String name) {
        SharedServices services = SharedServices.get();
        return new KafkaSettings(services.bootstrapServers(), RegistryAddress.of(services.registryUrl()),
                new TopicNames(SharedServices.uniquePrefix(name)), 1, (short) 1, Map.of());
    }
}
