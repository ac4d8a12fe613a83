package dev.ferry.tests.sink;

import dev.ferry.tests.fixtures.TargetDb;

/** {@link SinkBehaviourTest} against a MariaDB target. */
class MariaDbSinkBehaviourTest extends SinkBehaviourTest {

    @Override
    TargetDb startTarget() {
        return TargetDb.mariadb("sink-behaviour-mariadb");
    }
}
