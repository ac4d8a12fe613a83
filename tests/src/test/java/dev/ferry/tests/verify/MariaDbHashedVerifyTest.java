package dev.ferry.tests.verify;

import dev.ferry.tests.fixtures.TargetDb;

/**
 * Hashed verify, PostgreSQL to MariaDB: both databases render every value of the table alike; a
 * float does not write alike in the two, so that table is compared row by row.
 */
class MariaDbHashedVerifyTest extends HashedVerifyBehaviour {

    @Override
    TargetDb startTarget(String name) {
        return TargetDb.mariadb(name);
    }

    @Override
    String floatMethod() {
        return "rows: column ratio (FLOAT64) is not written alike by the two databases";
    }

    @Override
    boolean zonedTimesAndChars() {
        return false;
    }
}
