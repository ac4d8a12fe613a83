package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.TargetDb;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * MariaDB → MariaDB: generated columns are created generated, with the source's expression and
 * kind, so the target computes them; added columns get the source's default.
 */
class MariaDbToMariaDbTableStructureTest extends MariaDbTableStructureTest {

    @Override
    TargetDb startTarget(MariaDbRig rig) {
        return TargetDb.mariadb(getClass().getSimpleName().toLowerCase() + "-target");
    }

    @Override
    String targetText(String column) {
        return "CAST(`" + column + "` AS CHAR)";
    }

    @Override
    String targetTable() {
        return "target.items";
    }

    @Test
    @Order(4)
    void generatedColumnsAreGeneratedInTheTargetWithTheSourcesExpression() throws Exception {
        String sql = "SELECT column_name, extra, generation_expression FROM information_schema.columns"
                + " WHERE table_schema = '%s' AND table_name = 'items' AND column_name IN ('s', 'v') ORDER BY column_name";
        try (Connection maria = rig.maria(); Connection t = target.connect()) {
            List<List<String>> source = rows(maria, sql.formatted(MariaDbRig.DATABASE));
            assertEquals(List.of(List.of("s", "STORED GENERATED", "`a` + `b`"),
                    List.of("v", "VIRTUAL GENERATED", "concat(`label`,'!')")), source);
            assertEquals(source, rows(t, sql.formatted("target")));
        }
    }
}
