package dev.ferry.ops.verify;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL of hashed verify, per database family: how a column's value is rendered as the canonical
 * text both databases agree on (the text {@link Canonical} would give, as far as SQL can write it),
 * how a row of such texts becomes a 60-bit number, and how a key range is summed.
 *
 * <p>A rendering is <em>portable</em> when PostgreSQL and MariaDB write equal values as equal
 * text; a <em>local</em> one only agrees with the same database family (a float's shortest text,
 * a PostgreSQL type's own text). {@link #render} returns null for a type it cannot render.
 */
sealed interface HashSql permits HashSql.Postgres, HashSql.PostgresToPostgres, HashSql.MariaDb {

    static HashSql forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new Postgres();
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            return new MariaDb();
        }
        throw new VerifyException("verify does not know the database of " + jdbcUrl.replaceAll("\\?.*", ""));
    }

    /** Only the same database family renders these the same way (shortest float text, PostgreSQL's own text). */
    static boolean local(ColumnType type) {
        return type.kind() == Kind.FLOAT32 || type.kind() == Kind.FLOAT64 || type.kind() == Kind.PG_TEXT
                || type.kind() == Kind.BYTES && type.isBits();
    }

    /** The canonical text of {@code expr} (an SQL expression of that type), or null when it has none here. */
    String render(String expr, ColumnType type);

    /** A text constant. */
    String literal(String text);

    /** One row's hash: a non-negative 60-bit integer of the rendered column texts (each may be NULL). */
    String rowHash(List<String> rendered, List<ColumnType> types);

    /** {@code SELECT count, sum-as-text} of {@code rowHash} over the rows of {@code from} where {@code where}. */
    String aggregate(String rowHash, String from, String where);

    /** Session settings the renderings rely on (date style, time zone). */
    void prepare(Connection c) throws SQLException;

    /** PostgreSQL (13 and later: {@code trim_scale}). */
    final class Postgres implements HashSql {

        @Override
        public String render(String e, ColumnType type) {
            return switch (type.kind()) {
                case BOOLEAN -> "CASE WHEN " + e + " THEN 't' ELSE 'f' END";
                case INT16, INT32, INT64, STRING, UUID, FLOAT32, FLOAT64, PG_TEXT -> e + "::text";
                case DATE -> e + "::text";
                case DECIMAL, VARIABLE_DECIMAL -> "trim_scale(" + e + "::numeric)::text";
                case BYTES -> type.isBits() ? e + "::text" : "encode(" + e + ", 'hex')";
                case TIME -> "to_char(" + e + ", 'HH24:MI:SS.US')";
                case TIMESTAMP -> "CASE WHEN isfinite(" + e + ") THEN to_char(" + e + ", 'YYYY-MM-DD HH24:MI:SS.US BC') ELSE "
                        + e + "::text END";
                case TIMESTAMP_TZ -> "CASE WHEN isfinite(" + e + ") THEN to_char(" + e
                        + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US BC') ELSE " + e + "::text END";
                case JSON, DURATION -> null;
            };
        }

        @Override
        public String literal(String text) {
            return "'" + text.replace("'", "''") + "'";
        }

        @Override
        public String rowHash(List<String> rendered, List<ColumnType> types) {
            return "('x' || substr(md5(" + rowText(rendered, types) + "), 1, 15))::bit(60)::bigint";
        }

        /** The row's columns joined into one text that no other row gives. */
        static String rowText(List<String> rendered, List<ColumnType> types) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < rendered.size(); i++) {
                String r = rendered.get(i);
                row.append(i == 0 ? "" : " || ")
                        .append(TextParts.needsLength(types.get(i))
                                ? "coalesce(length(" + r + ")::text || ':' || " + r + ", 'n')"
                                : "coalesce(" + r + ", 'n') || '|'");
            }
            return row.toString();
        }

        @Override
        public String aggregate(String rowHash, String from, String where) {
            return "SELECT count(*), coalesce(sum(" + rowHash + "), 0)::text FROM " + from + where;
        }

        @Override
        public void prepare(Connection c) throws SQLException {
            try (var s = c.createStatement()) {
                s.execute("SET DateStyle = ISO");
            }
        }
    }

    /**
     * PostgreSQL on both sides: each value as PostgreSQL's own text (sessions at time zone UTC, so
     * an instant has one text) and the row hashed with the server's 64-bit {@code hashtextextended},
     * several times cheaper than the portable MD5 rendering. Equal text means equal values; values
     * verify holds equal but written apart ({@code 1.50} and {@code 1.5} in columns of other scales)
     * only send their range to the row-by-row comparison.
     */
    final class PostgresToPostgres implements HashSql {

        private final Postgres portable = new Postgres();

        @Override
        public String render(String e, ColumnType type) {
            return type.kind() == Kind.JSON || type.kind() == Kind.DURATION ? null : e + "::text";
        }

        @Override
        public String literal(String text) {
            return portable.literal(text);
        }

        @Override
        public String rowHash(List<String> rendered, List<ColumnType> types) {
            return "hashtextextended((" + Postgres.rowText(rendered, types) + ") COLLATE \"C\", 0)";
        }

        @Override
        public String aggregate(String rowHash, String from, String where) {
            return portable.aggregate(rowHash, from, where);
        }

        @Override
        public void prepare(Connection c) throws SQLException {
            portable.prepare(c);
            try (var s = c.createStatement()) {
                s.execute("SET TimeZone = 'UTC'");
            }
        }
    }

    /** MariaDB and MySQL. */
    final class MariaDb implements HashSql {

        @Override
        public String render(String e, ColumnType type) {
            return switch (type.kind()) {
                case BOOLEAN -> "CASE WHEN " + e + " THEN 't' ELSE 'f' END";
                case INT16, INT32, INT64, FLOAT32, FLOAT64 -> "CAST(" + e + " AS CHAR)";
                case DECIMAL, VARIABLE_DECIMAL -> {
                    String c = "CAST(" + e + " AS CHAR)";
                    yield "CASE WHEN LOCATE('.', " + c + ") > 0 THEN TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + c
                            + ")) ELSE " + c + " END";
                }
                case STRING -> "CONVERT(" + e + " USING utf8mb4)";
                case UUID -> "LOWER(CAST(" + e + " AS CHAR))";
                case BYTES -> "LOWER(HEX(" + e + "))";
                case DATE -> "DATE_FORMAT(" + e + ", '%Y-%m-%d')";
                case TIME -> "TIME_FORMAT(" + e + ", '%H:%i:%s.%f')";
                // Hashing sessions run at time_zone +00:00: a TIMESTAMP reads as its UTC instant, a
                // DATETIME (PostgreSQL timestamptz lands there in UTC) as it is.
                case TIMESTAMP, TIMESTAMP_TZ -> "DATE_FORMAT(" + e + ", '%Y-%m-%d %H:%i:%s.%f AD')";
                case JSON, DURATION, PG_TEXT -> null;
            };
        }

        @Override
        public String literal(String text) {
            return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
        }

        @Override
        public String rowHash(List<String> rendered, List<ColumnType> types) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < rendered.size(); i++) {
                String r = rendered.get(i);
                row.append(i == 0 ? "" : ", ")
                        .append(TextParts.needsLength(types.get(i))
                                ? "COALESCE(CONCAT(CHAR_LENGTH(" + r + "), ':', " + r + "), 'n')"
                                : "COALESCE(" + r + ", 'n'), '|'");
            }
            return "CAST(CONV(SUBSTRING(MD5(CONVERT(CONCAT(" + row + ") USING utf8mb4)), 1, 15), 16, 10) AS UNSIGNED)";
        }

        @Override
        public String aggregate(String rowHash, String from, String where) {
            return "SELECT COUNT(*), CAST(COALESCE(SUM(" + rowHash + "), 0) AS CHAR) FROM " + from + where;
        }

        @Override
        public void prepare(Connection c) throws SQLException {
            try (var s = c.createStatement()) {
                s.execute("SET time_zone = '+00:00'");
            }
        }
    }

    /** How a rendered column joins its row's text so that no two rows give the same text. */
    final class TextParts {
        private TextParts() {
        }

        /**
         * Free text may hold any separator, so it goes in with its length in front; every other
         * rendering (numbers, dates, hex, booleans) never holds {@code |} nor equals {@code n}.
         */
        static boolean needsLength(ColumnType type) {
            return type.kind() == Kind.STRING || type.kind() == Kind.PG_TEXT;
        }
    }
}
