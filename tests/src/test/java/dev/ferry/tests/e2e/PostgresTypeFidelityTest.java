package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.verify.TableComparison;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.TargetDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** PostgreSQL → PostgreSQL: every value arrives exactly, NaN and infinities included. */
class PostgresTypeFidelityTest extends TypeFidelityTest {

    @Override
    TargetDb startTarget(String name) {
        return TargetDb.postgres(name);
    }

    @Test
    void everyValueArrivesExactly() throws Exception {
        TableComparison.Result result = Await.until("target identical to source", Duration.ofSeconds(120), () -> {
            try (Connection s = pg.source(); Connection t = target.connect()) {
                return TableComparison.compare(s, t, "public", TABLE);
            }
        }, TableComparison.Result::identical);
        assertEquals(7, result.targetRows());
        try (Connection t = target.connect(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                     + "WHERE attrelid = 'fidelity'::regclass AND attname IN ('n38', 'nn', 'tz', 'jb') ORDER BY attnum")) {
            StringBuilder types = new StringBuilder();
            while (rs.next()) {
                types.append(rs.getString(1)).append(';');
            }
            assertEquals("numeric(38,10);numeric;timestamp with time zone;jsonb;", types.toString());
        }
        try (Connection t = target.connect(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT f::text, nn::text, length(big) FROM fidelity WHERE id IN (3, 6, 7) ORDER BY id")) {
            assertTrue(rs.next());
            assertEquals("NaN", rs.getString(1));
            assertTrue(rs.next());
            assertEquals("0.12345678901234567890123456789012345678901", rs.getString(2));
            assertTrue(rs.next());
            assertEquals(52429 * 18, rs.getInt(3));
        }
    }
}
