package dev.ferry.schemas.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when paused on: its {@link #pauser()} records each pause and advances time by it. */
public final class FakeClock extends Clock {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Duration> pauses = new ArrayList<>();

    public void advance(Duration d) {
        now = now.plus(d);
    }

    /** Pauses that advance this clock (never cut short). */
    public Pauser pauser() {
        return d -> {
            pauses.add(d);
            advance(d);
            return true;
        };
    }

    /** Every pause asked for, in order, in milliseconds. */
    public List<Long> pausesMillis() {
        return pauses.stream().map(Duration::toMillis).toList();
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
