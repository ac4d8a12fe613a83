package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.TargetDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** MariaDB → PostgreSQL: TIME lands as an interval, BIT(n) as bit(n); the rest as in the README matrix. */
class MariaDbToPostgresEdgeValuesTest extends MariaDbEdgeValuesTest {

    @Override
    TargetDb startTarget(MariaDbRig rig) {
        return rig.postgresTarget();
    }

    @Override
    String targetRendering(Col c) {
        return c.pg();
    }

    @Override
    String targetTable() {
        return "edge";
    }

    @Test
    @Order(4)
    void targetColumnsGetTheDocumentedTypes() throws Exception {
        Map<String, String> actual = new LinkedHashMap<>();
        try (Connection t = target.connect(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT column_name, format_type(atttypid, atttypmod) FROM information_schema.columns"
                     + " JOIN pg_attribute ON attrelid = 'edge'::regclass AND attname = column_name"
                     + " WHERE table_name = 'edge' AND column_name IN ('tm', 'bt', 'b64', 'f', 'bu', 'dm', 'yr')"
                     + " ORDER BY ordinal_position")) {
            while (rs.next()) {
                actual.put(rs.getString(1), rs.getString(2));
            }
        }
        assertEquals(Map.of("bu", "numeric(20,0)", "dm", "numeric(65,30)", "f", "real", "bt", "bit(12)",
                "b64", "bit(64)", "tm", "interval", "yr", "integer"), actual);
    }
}
