package dev.ferry.tests.mariadb;

import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.TargetDb;

/**
 * MariaDB → PostgreSQL: generated columns are plain columns written with the values the binary log
 * carries (MariaDB's expressions are not PostgreSQL's SQL); added columns get the source's default.
 */
class MariaDbToPostgresTableStructureTest extends MariaDbTableStructureTest {

    @Override
    TargetDb startTarget(MariaDbRig rig) {
        return rig.postgresTarget();
    }

    @Override
    String targetText(String column) {
        // A TINYINT(1) is a boolean in PostgreSQL; MariaDB renders it 1/0.
        return "flag".equals(column) ? "CASE WHEN flag THEN '1' WHEN NOT flag THEN '0' END" : "\"" + column + "\"::text";
    }

    @Override
    String targetTable() {
        return "public.items";
    }
}
