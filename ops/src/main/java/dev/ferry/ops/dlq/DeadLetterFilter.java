package dev.ferry.ops.dlq;

/**
 * Which dead letters an operator command works on. Null fields accept everything.
 *
 * @param stage transform or sink
 * @param table a table name as listed (target table, or {@code schema.table} of the source); a
 *     bare table name also matches {@code schema.table}
 * @param cause the error cause (validation, constraint, type, size, decode, unknown)
 * @param partition the dead-letter topic partition
 * @param fromOffset first offset in the dead-letter topic (inclusive)
 * @param toOffset last offset in the dead-letter topic (inclusive)
 */
public record DeadLetterFilter(String stage, String table, String cause, Integer partition, Long fromOffset,
                               Long toOffset) {

    public static final DeadLetterFilter ALL = new DeadLetterFilter(null, null, null, null, null, null);

    /** The stages that dead-letter records. */
    public static final java.util.List<String> STAGES = java.util.List.of("transform", "sink");

    /** Every cause a dead letter can carry (header {@code ferry.error.cause}), transform's and sink's. */
    public static final java.util.List<String> CAUSES = java.util.Arrays.stream(dev.ferry.sink.error.ErrorCause.values())
            .map(dev.ferry.sink.error.ErrorCause::header).toList();

    /** The causes of sink dead letters (every cause but the transform's {@code validation}). */
    public static final java.util.List<String> SINK_CAUSES = CAUSES.stream().filter(c -> !c.equals("validation")).toList();

    public boolean accepts(DeadLetter d) {
        return (stage == null || stage.equals(d.stage()))
                && (table == null || table.equals(d.table()) || d.table().endsWith("." + table))
                && (cause == null || cause.equals(d.cause()))
                && (partition == null || partition == d.partition())
                && (fromOffset == null || d.offset() >= fromOffset)
                && (toOffset == null || d.offset() <= toOffset);
    }

    /**
     * Parses an offset range {@code FROM-TO}, {@code FROM-} or {@code N}.
     *
     * @return {from, to}, either may be null
     * @throws IllegalArgumentException naming the text when it is not a range
     */
    public static Long[] range(String text) {
        try {
            int dash = text.indexOf('-');
            if (dash < 0) {
                long n = Long.parseLong(text.trim());
                return new Long[]{n, n};
            }
            String from = text.substring(0, dash).trim();
            String to = text.substring(dash + 1).trim();
            return new Long[]{from.isEmpty() ? null : Long.parseLong(from), to.isEmpty() ? null : Long.parseLong(to)};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an offset range (FROM-TO, FROM- or N)");
        }
    }
}
