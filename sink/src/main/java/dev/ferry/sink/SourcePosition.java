package dev.ferry.sink;

/**
 * Turns the text of header {@code ferry.source.position} into a number that grows with the
 * source's log, for the {@code newer-wins} guard:
 * <ul>
 *   <li>a decimal number (PostgreSQL LSN as Debezium reports it) is taken as is;</li>
 *   <li>{@code X/Y} (PostgreSQL LSN as text, hex) becomes {@code X << 32 | Y};</li>
 *   <li>{@code <binlog base>.<file number>:<offset>} (MySQL/MariaDB) becomes
 *       {@code fileNumber << 32 | offset}: files are numbered in order and an offset stays below
 *       4 GiB ({@code max_binlog_size} is at most 1 GiB).</li>
 * </ul>
 */
public final class SourcePosition {

    private SourcePosition() {
    }

    /**
     * @param text the header's text, may be null
     * @return the comparable position, or null when {@code text} is null or blank
     * @throws IllegalArgumentException when the text has none of the shapes above
     */
    public static Long parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        try {
            if (t.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(t);
            }
            int slash = t.indexOf('/');
            if (slash > 0) {
                return (Long.parseLong(t.substring(0, slash), 16) << 32) | Long.parseLong(t.substring(slash + 1), 16);
            }
            int colon = t.lastIndexOf(':');
            int dot = t.lastIndexOf('.', colon);
            if (colon > 0 && dot >= 0) {
                long file = Long.parseLong(t.substring(dot + 1, colon));
                long offset = Long.parseLong(t.substring(colon + 1));
                return (file << 32) | offset;
            }
        } catch (NumberFormatException e) {
            // Reported below with the text.
        }
        throw new IllegalArgumentException("not a source position: '" + text + "'");
    }
}
