package dev.ferry.ops.verify;

import dev.ferry.schemas.types.ColumnType;
import java.util.List;

/**
 * The little SQL verify writes, per database family: identifier quoting, and an ORDER BY over a
 * key that sorts text by code point on every database (the order {@link KeyOrder} walks).
 */
record SqlShape(char quote, String textOrder) {

    static SqlShape forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new SqlShape('"', " COLLATE \"C\"");
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            return new SqlShape('`', " COLLATE utf8mb4_bin");
        }
        throw new VerifyException("verify does not know the database of " + jdbcUrl.replaceAll("\\?.*", ""));
    }

    String quote(String identifier) {
        String q = String.valueOf(quote);
        return q + identifier.replace(q, q + q) + q;
    }

    String orderBy(List<String> columns, List<ColumnType> types) {
        StringBuilder b = new StringBuilder(" ORDER BY ");
        for (int i = 0; i < columns.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(quote(columns.get(i)));
            if (TableSpec.sortsAsText(types.get(i).kind())) {
                b.append(textOrder);
            }
        }
        return b.toString();
    }
}
