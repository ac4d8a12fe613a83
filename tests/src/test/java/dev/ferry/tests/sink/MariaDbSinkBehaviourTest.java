package dev.ferry.tests.sink;

import dev.ferry.tests.fixtures.TargetDb;
import java.util.List;

/** {@link SinkBehaviourTest} against a MariaDB target. */
class MariaDbSinkBehaviourTest extends SinkBehaviourTest {

    @Override
    TargetDb startTarget() {
        return TargetDb.mariadb("sink-behaviour-mariadb");
    }

    @Override
    List<String> limitedUserSql(String user, String password, String table) {
        return List.of(
                "CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON target." + table + " TO '" + user + "'@'%'");
    }

    @Override
    List<String> readOnlyUserSql(String user, String password, String table) {
        return List.of(
                "CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                "GRANT SELECT ON target." + table + " TO '" + user + "'@'%'");
    }

    @Override
    String grantWriteSql(String user, String table) {
        return "GRANT INSERT, UPDATE, DELETE ON target." + table + " TO '" + user + "'@'%'";
    }

    @Override
    String schemaOf(String database) {
        return database;
    }
}
