package dev.ferry.tests.sink;

import dev.ferry.tests.fixtures.TargetDb;

/** {@link SinkBehaviourTest} against a PostgreSQL target. */
class PostgresSinkBehaviourTest extends SinkBehaviourTest {

    @Override
    TargetDb startTarget() {
        return TargetDb.postgres("sink-behaviour-postgres");
    }
}
