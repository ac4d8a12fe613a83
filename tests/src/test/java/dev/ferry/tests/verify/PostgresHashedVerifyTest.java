package dev.ferry.tests.verify;

import dev.ferry.tests.fixtures.TargetDb;

/** Hashed verify, PostgreSQL to PostgreSQL: every column type hashes, floats too (same database family). */
class PostgresHashedVerifyTest extends HashedVerifyBehaviour {

    @Override
    TargetDb startTarget(String name) {
        return TargetDb.postgres(name);
    }

    @Override
    String floatMethod() {
        return "hashed";
    }

    @Override
    boolean zonedTimesAndChars() {
        return true;
    }
}
