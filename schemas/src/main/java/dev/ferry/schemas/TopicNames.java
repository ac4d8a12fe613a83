package dev.ferry.schemas;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one place where Ferry's topic, consumer-group and application names are derived from the
 * configured prefix. Every stage and every operator command asks this class, so a name can never
 * drift between the stage that writes a topic and the one that reads it.
 *
 * @param prefix the configured topic prefix ({@code ferry} by default); never null, no dots
 */
public record TopicNames(String prefix) {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern PLAIN_COMPONENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

    public TopicNames {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix '" + prefix + "' must match " + PREFIX);
        }
    }

    /**
     * Raw change topic of one source table: {@code <p>.<source>.<schema>.<table>}, schema and table
     * written as {@link #component}s.
     */
    public String raw(String source, String schema, String table) {
        return rawTopic(rawPrefix(source), schema, table);
    }

    /** The raw topic of a table under Debezium's {@code topic.prefix} ({@link #rawPrefix}). */
    public static String rawTopic(String rawPrefix, String schema, String table) {
        return rawPrefix + "." + component(schema) + "." + component(table);
    }

    /**
     * A schema or table name as one part of a topic name. Kafka topics allow only
     * {@code [A-Za-z0-9._-]}, and Ferry uses {@code .} to separate parts, so: a name matching
     * {@code [A-Za-z0-9_][A-Za-z0-9_-]*} is its own part (as it always was); any other name becomes
     * {@code -} followed by the name with each character of {@code [A-Za-z0-9_]} kept and every
     * other one written {@code -<hex code point>-} ({@code Order Items} → {@code -Order-20-Items},
     * {@code a.b} → {@code -a-2e-b}). Plain parts never start with {@code -} and escaped ones
     * always do, and the escaping decodes in one way only, so two tables never share a topic.
     * The real names travel in the records (Debezium's {@code source} block) and in the config.
     */
    public static String component(String name) {
        Objects.requireNonNull(name, "name");
        if (PLAIN_COMPONENT.matcher(name).matches()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length() + 8).append('-');
        name.codePoints().forEach(cp -> {
            if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_') {
                b.append((char) cp);
            } else {
                b.append('-').append(Integer.toHexString(cp)).append('-');
            }
        });
        return b.toString();
    }

    /** Debezium's {@code topic.prefix} for a source; raw topics are this plus {@code .<schema>.<table>}. */
    public String rawPrefix(String source) {
        return prefix + "." + source;
    }

    /** Mapped topic of one target table: {@code <p>.<target>.<table>}, the table as a {@link #component}. */
    public String mapped(String target, String table) {
        return prefix + "." + target + "." + component(table);
    }

    /** Dead letters of the transform stage. */
    public String transformDeadLetters() {
        return prefix + ".dlq.transform";
    }

    /** Dead letters of the sink of one target. */
    public String sinkDeadLetters(String target) {
        return prefix + ".dlq.sink." + target;
    }

    /** Capture offsets of one source (Kafka Connect offset store format). */
    public String captureOffsets(String source) {
        return prefix + ".internal.offsets." + source;
    }

    /** Schema history of one MySQL/MariaDB source. */
    public String schemaHistory(String source) {
        return prefix + ".internal.schema-history." + source;
    }

    /** Debezium signal topic of one source (re-snapshot requests). */
    public String signals(String source) {
        return prefix + ".internal.signals." + source;
    }

    /**
     * Which dead letters {@code ferry dlq redrive} already sent back (compacted; key
     * {@code <dlq topic>/<partition>/<offset>}), so none is sent twice unless asked.
     */
    public String redriven() {
        return prefix + ".internal.redriven";
    }

    /** The tables one source's capture has been asked to capture so far (compacted, one record per source). */
    public String capturedTables(String source) {
        return prefix + ".internal.tables." + source;
    }

    /** Kafka Streams application id of the transform stage (also the prefix of its internal topics). */
    public String transformApplicationId() {
        return prefix + "-transform";
    }

    /** Consumer group of the sink of one target. */
    public String sinkGroup(String target) {
        return prefix + "-sink-" + target;
    }

    /** Debezium engine name of a source; Debezium keys stored offsets by it. */
    public String captureEngineName(String source) {
        return prefix + "-capture-" + source;
    }
}
