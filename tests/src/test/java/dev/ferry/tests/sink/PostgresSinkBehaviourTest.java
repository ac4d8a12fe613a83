package dev.ferry.tests.sink;

import dev.ferry.tests.fixtures.TargetDb;
import java.util.List;

/** {@link SinkBehaviourTest} against a PostgreSQL target. */
class PostgresSinkBehaviourTest extends SinkBehaviourTest {

    @Override
    TargetDb startTarget() {
        return TargetDb.postgres("sink-behaviour-postgres");
    }

    @Override
    List<String> limitedUserSql(String user, String password, String table) {
        return List.of(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + user + "') THEN "
                        + "CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'; END IF; END $$",
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "GRANT USAGE ON SCHEMA public TO " + user,
                "GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO " + user);
    }
}
