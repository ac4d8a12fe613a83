package dev.ferry.tests.sink;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.TopicNames;
import dev.ferry.sink.ConflictMode;
import dev.ferry.sink.DdlMode;
import dev.ferry.sink.SinkStage;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.MappedTopics;
import dev.ferry.tests.fixtures.SharedServices;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
    /** MariaDB checks passwords (the private PostgreSQL of the tests trusts local connections). */
    @Test
    void refusedCredentialsAreAnOutageNotDeadLettersAndRowsLandOnceTheyAreRight() throws Exception {
        execute("CREATE TABLE keyed (id BIGINT PRIMARY KEY, amount BIGINT)");
        for (String sql : limitedUserSql("rotated", "old-secret", "keyed")) {
            execute(sql);
        }
        String prefix = SharedServices.uniquePrefix("creds" + db.type());
        String topic = prefix + ".fresh.keyed";
        for (long i = 1; i <= 10; i++) {
            topics.send(topic, key(i), row(ACCOUNT, i, i), Map.of());
        }
        topics.flush();
        SinkStage sink = start(prefix, Map.of(topic, "keyed"), DdlMode.NONE, ConflictMode.LAST_WRITER,
                Duration.ofMinutes(5), "rotated", "new-secret");

        Await.until("four refused logins retried", Duration.ofSeconds(60), () -> sink.progress().retries(), n -> n >= 4);
        assertTrue(sink.progress().status().startsWith("target unreachable since "), sink.progress().status());
        String dlq = new TopicNames(prefix).sinkDeadLetters("fresh");
        assertTrue(MappedTopics.readAll(dlq).isEmpty());

        execute("ALTER USER 'rotated'@'%' IDENTIFIED BY 'new-secret'");
        Await.until("10 rows once the password is right", Duration.ofSeconds(60), () -> count("keyed"), n -> n == 10);
        assertTrue(MappedTopics.readAll(dlq).isEmpty());
    }
}
