package dev.ferry.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ParkingLotTest {

    private static final Schema KEY = SchemaBuilder.record("k").fields().requiredLong("id").endRecord();
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ParkingLot lot = new ParkingLot(Duration.ofMinutes(5), clock);

    @Test
    void parkedChangeExpiresExactlyWhenItsPatienceIsUp() {
        Instant since = clock.instant();
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertFalse(lot.expired(since));
        clock.advance(Duration.ofMillis(1));
        assertTrue(lot.expired(since));
    }

    @Test
    void laterChangesOfAParkedRowWaitBehindIt() {
        lot.park(change("child", 7, 0, 10), clock.instant());
        assertTrue(lot.holdsRowOf(change("child", 7, 0, 11)));
        assertFalse(lot.holdsRowOf(change("child", 8, 0, 12)));
        assertFalse(lot.holdsRowOf(change("other", 7, 0, 13)));
    }

    @Test
    void offsetsMayOnlyMoveUpToTheLowestParkedRecordOfEachPartition() {
        lot.park(change("child", 1, 0, 42), clock.instant());
        lot.park(change("child", 2, 0, 17), clock.instant());
        lot.park(change("child", 3, 1, 99), clock.instant());
        assertEquals(Optional.of(17L), lot.lowestOffset(new TopicPartition("topic", 0)));
        assertEquals(Optional.of(99L), lot.lowestOffset(new TopicPartition("topic", 1)));
        assertEquals(Optional.empty(), lot.lowestOffset(new TopicPartition("topic", 2)));
    }

    @Test
    void takingAllEmptiesTheLotOldestFirstWithTheirTimes() {
        Instant first = clock.instant();
        lot.park(change("child", 1, 0, 1), first);
        clock.advance(Duration.ofSeconds(3));
        lot.park(change("child", 2, 0, 2), clock.instant());
        List<ParkingLot.Parked> all = lot.takeAll();
        assertEquals(List.of(1L, 2L), all.stream().map(p -> p.change().origin().offset()).toList());
        assertEquals(first, all.get(0).since());
        assertTrue(lot.isEmpty());
        assertFalse(lot.holdsRowOf(change("child", 1, 0, 3)));
    }

    @Test
    void dropsTheChangesOfRevokedPartitions() {
        lot.park(change("child", 1, 0, 1), clock.instant());
        lot.park(change("child", 2, 1, 2), clock.instant());
        lot.drop(List.of(new TopicPartition("topic", 0)));
        assertEquals(1, lot.size());
        assertFalse(lot.holdsRowOf(change("child", 1, 0, 5)));
        assertTrue(lot.holdsRowOf(change("child", 2, 1, 5)));
    }

    @Test
    void zeroPatienceMeansNeverPark() {
        assertFalse(new ParkingLot(Duration.ZERO, clock).enabled());
        assertTrue(lot.enabled());
    }

    @Test
    void refusesAChangeBeyondItsRowBoundAndSaysWhy() {
        ParkingLot small = new ParkingLot(Duration.ofMinutes(5), 2, 1 << 20, clock);
        assertTrue(small.park(change("child", 1, 0, 1), clock.instant()));
        assertTrue(small.park(change("child", 2, 0, 2), clock.instant()));
        assertFalse(small.park(change("child", 3, 0, 3), clock.instant()));
        assertEquals(2, small.size());
        assertFalse(small.holdsRowOf(change("child", 3, 0, 4)), "a refused change is not held");
        assertEquals("the foreign-key parking lot is full (2 changes, 200 bytes; bounds parking-max-rows 2, "
                + "parking-max-mb 1)", small.fullReason());
    }

    @Test
    void refusesAChangeBeyondItsByteBoundAndTakesAgainOnceEmptied() {
        ParkingLot small = new ParkingLot(Duration.ofMinutes(5), 1000, 250, clock);
        assertTrue(small.park(change("child", 1, 0, 1), clock.instant()));
        assertTrue(small.park(change("child", 2, 0, 2), clock.instant()));
        assertEquals(200, small.bytes());
        assertFalse(small.park(change("child", 3, 0, 3), clock.instant()), "300 bytes would pass 250");
        small.takeAll();
        assertEquals(0, small.bytes());
        assertTrue(small.park(change("child", 3, 0, 3), clock.instant()));
    }

    @Test
    void theLowestOffsetFollowsWhatIsTakenAndDropped() {
        lot.park(change("child", 1, 0, 5), clock.instant());
        lot.park(change("child", 2, 1, 3), clock.instant());
        lot.park(change("child", 3, 0, 9), clock.instant());
        lot.drop(List.of(new TopicPartition("topic", 1)));
        assertEquals(Optional.empty(), lot.lowestOffset(new TopicPartition("topic", 1)));
        assertEquals(Optional.of(5L), lot.lowestOffset(new TopicPartition("topic", 0)));
        assertEquals(200, lot.bytes());
        lot.takeAll();
        assertEquals(Optional.empty(), lot.lowestOffset(new TopicPartition("topic", 0)));
    }

    private static Change change(String table, long id, int partition, long offset) {
        GenericData.Record key = new GenericData.Record(KEY);
        key.put("id", id);
        // 100 bytes a record: 10 of key, 90 of value.
        ConsumerRecord<byte[], byte[]> origin = new ConsumerRecord<>("topic", partition, offset, new byte[10], new byte[90]);
        return new Change(origin, table, key, null, Change.keyValues(key), null, Set.of());
    }

    /** A clock that moves only when told. */
    static final class FakeClock extends Clock {
        private Instant now;

        FakeClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
