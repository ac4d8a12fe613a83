package dev.ferry.ops.verify;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which both sides are read: primary-key values compared column by column, numbers
 * numerically, text by code point (what PostgreSQL's {@code COLLATE "C"} gives), UUIDs as
 * unsigned bytes (their lower-case text), instants by time, bytes unsigned.
 */
final class KeyOrder implements Comparator<List<Object>> {

    static final KeyOrder INSTANCE = new KeyOrder();

    @Override
    public int compare(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object x, Object y) {
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : -1) : 1;
        }
        if (x instanceof Number n && y instanceof Number m) {
            return new java.math.BigDecimal(n.toString()).compareTo(new java.math.BigDecimal(m.toString()));
        }
        if (x instanceof String s && y instanceof String t) {
            return codePoints(s, t);
        }
        if (x instanceof java.util.UUID || y instanceof java.util.UUID) {
            return x.toString().toLowerCase().compareTo(y.toString().toLowerCase());
        }
        if (x instanceof OffsetDateTime s && y instanceof OffsetDateTime t) {
            return s.toInstant().compareTo(t.toInstant());
        }
        if (x instanceof byte[] s && y instanceof byte[] t) {
            return java.util.Arrays.compareUnsigned(s, t);
        }
        if (x instanceof Comparable c && x.getClass() == y.getClass()) {
            return c.compareTo(y);
        }
        return codePoints(x.toString(), y.toString());
    }

    private static int codePoints(String s, String t) {
        int i = 0;
        int j = 0;
        while (i < s.length() && j < t.length()) {
            int a = s.codePointAt(i);
            int b = t.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(s.length() - i, t.length() - j);
    }
}
