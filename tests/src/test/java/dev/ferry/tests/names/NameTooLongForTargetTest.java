package dev.ferry.tests.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.TopicNames;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.MappedTopics;
import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.SharedServices;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * MariaDB allows 64-character column names; PostgreSQL keeps 63 bytes of a name and cuts the rest
 * with only a notice. Such a column never arrives under a cut name: its rows are dead-lettered
 * (cause {@code schema}) with a message that says what to rename, and the target table is not made.
 */
class NameTooLongForTargetTest {

    private static final String LONG = "a column name of sixty-four characters, which MariaDB allows ok!";

    @Test
    void aNameThePostgresTargetWouldCutIsDeadLetteredNotCut() throws Exception {
        assertEquals(64, LONG.length());
        try (MariaDbRig rig = MariaDbRig.start("name-too-long")) {
            try (Connection c = rig.maria(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE longnames (id INT PRIMARY KEY, `" + LONG + "` VARCHAR(10))");
                s.execute("INSERT INTO longnames VALUES (1, 'one'), (2, 'two')");
            }
            String prefix = SharedServices.uniquePrefix("name-too-long");
            StageConfigs configs = new StageConfigs(ConfigLoader.load(
                    rig.writeConfig(prefix, "long", List.of("longnames"), List.of()), Map.of()), rig.dir().resolve("state"));
            try (Pipeline pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class))) {
                pipeline.start();
                List<ConsumerRecord<byte[], byte[]>> dead = Await.until("both rows dead-lettered", Duration.ofSeconds(180),
                        () -> MappedTopics.readAll(new TopicNames(prefix).sinkDeadLetters("fresh")), l -> l.size() == 2);
                assertEquals("schema", MappedTopics.header(dead.get(0), DeadLetterHeaders.ERROR_CAUSE));
                String message = MappedTopics.header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE);
                assertTrue(message.contains(LONG) && message.contains("PostgreSQL keeps only 63"), message);
                assertEquals(List.of(), new NamedSide(true, rig::target, "public").columns("longnames"),
                        "no table with a cut column name");
            }
        }
    }
}
