package dev.ferry.sink;

/**
 * One mapped topic and the target table it fills.
 *
 * @param topic the mapped topic
 * @param table the target table name (unquoted, exact case)
 */
public record TableRoute(String topic, String table) {
}
