package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.TargetDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** MariaDB → MariaDB: TIME stays TIME(6) (beyond 24 hours and negative too), BIT(n) stays BIT(n). */
class MariaDbToMariaDbEdgeValuesTest extends MariaDbEdgeValuesTest {

    @Override
    TargetDb startTarget(MariaDbRig rig) {
        return TargetDb.mariadb(getClass().getSimpleName().toLowerCase() + "-target");
    }

    @Override
    String targetRendering(Col c) {
        return c.maria();
    }

    @Override
    String targetTable() {
        return "target.edge";
    }

    @Test
    @Order(4)
    void targetColumnsGetTheDocumentedTypes() throws Exception {
        Map<String, String> actual = new TreeMap<>();
        try (Connection t = target.connect(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT column_name, column_type FROM information_schema.columns"
                     + " WHERE table_schema = 'target' AND table_name = 'edge' AND column_name IN ('tm', 'bt', 'b64', 'f')")) {
            while (rs.next()) {
                actual.put(rs.getString(1), rs.getString(2));
            }
        }
        assertEquals(Map.of("b64", "bit(64)", "bt", "bit(12)", "f", "float", "tm", "time(6)"), actual);
    }
}
