package dev.ferry.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Table names of any shape map to valid Kafka topic names, one topic per table. */
class TopicNamesTest {

    private static final Pattern KAFKA_TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private final TopicNames names = new TopicNames("ferry");

    @Test
    void plainTablesKeepTheirNames() {
        assertEquals("ferry.legacy.public.order_items", names.raw("legacy", "public", "order_items"));
        assertEquals("ferry.fresh.Clients", names.mapped("fresh", "Clients"));
    }

    @Test
    void awkwardTableNamesGiveValidDistinctTopics() {
        Set<String> topics = new HashSet<>();
        for (String table : List.of("Order Items", "Order_Items", "Order-Items", "Order.Items", "order items",
                "日本", "a-20-b", "-a-20-b", "--a-20-b", "a b", " a b", "-", "x\"y", "x`y", "1st")) {
            String raw = names.raw("legacy", "public", table);
            String mapped = names.mapped("fresh", table);
            assertTrue(KAFKA_TOPIC.matcher(raw).matches(), raw);
            assertTrue(KAFKA_TOPIC.matcher(mapped).matches(), mapped);
            assertEquals(4, raw.split("\\.").length, "a table name never adds a part: " + raw);
            assertTrue(topics.add(raw), "two tables share " + raw);
        }
        assertEquals("ferry.legacy.public.-Order-20-Items", names.raw("legacy", "public", "Order Items"));
        assertEquals("ferry.legacy.my-db.-a-2e-b", names.raw("legacy", "my-db", "a.b"));
        assertEquals("ferry.fresh.order-items", names.mapped("fresh", "order-items"), "names valid before stay as they were");
    }
}
