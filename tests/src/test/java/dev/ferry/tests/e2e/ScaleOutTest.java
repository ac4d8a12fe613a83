package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.BusyApplication;
import dev.ferry.tests.fixtures.ChildPipeline;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ferry scales on Kafka: two {@code ferry run --stage transform} and two {@code --stage sink}
 * processes beside one capture share the partitions; when one of each is killed with SIGKILL in
 * the middle of a stream of changes, its partitions move to the survivor and the target ends
 * identical to the source, with nothing lost and nothing duplicated.
 */
class ScaleOutTest {

    private static final int ROWS = 3_000;

    private final List<ChildPipeline> processes = new ArrayList<>();
    private PostgresPair pg;

    @AfterEach
    void stop() throws Exception {
        for (ChildPipeline p : processes) {
            p.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void twoTransformsAndTwoSinksShareTheWorkAndSurviveTheLossOfOneEach() throws Exception {
        pg = PostgresPair.start("scale-out");
        try (Connection c = pg.source(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (id bigint PRIMARY KEY, n int NOT NULL DEFAULT 0, note text)");
            s.execute("INSERT INTO events SELECT g, 0, 'event ' || g FROM generate_series(1, " + ROWS + ") g");
        }
        String prefix = SharedServices.uniquePrefix("scaleout");
        Path config = pg.writeConfig(prefix, List.of("public.events"), "");
        StageConfigs configs = new StageConfigs(ConfigLoader.load(config, Map.of()), pg.dir().resolve("state"));
        processes.add(stage(config, "capture", 0));
        ChildPipeline transformA = stage(config, "transform", 1);
        ChildPipeline transformB = stage(config, "transform", 2);
        ChildPipeline sinkA = stage(config, "sink", 3);
        ChildPipeline sinkB = stage(config, "sink", 4);
        processes.addAll(List.of(transformA, transformB, sinkA, sinkB));
        String transformGroup = configs.kafka().topics().transformApplicationId();
        String sinkGroup = configs.kafka().topics().sinkGroup("fresh");

        Await.until("the snapshot identical in the target", Duration.ofSeconds(240),
                () -> pg.compare("public", List.of("events")), PostgresPair::identical);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedServices.get().bootstrapServers()))) {
            for (String group : List.of(transformGroup, sinkGroup)) {
                List<Set<TopicPartition>> shares = Await.until("two members of " + group + " sharing its partitions",
                        Duration.ofSeconds(120), () -> assignments(admin, group),
                        a -> a.size() == 2 && a.stream().allMatch(s -> !s.isEmpty()));
                assertTrue(disjoint(shares), group + " members share partitions: " + shares);
            }

            try (BusyApplication app = BusyApplication.start(pg::source,
                    "INSERT INTO events (id, note) VALUES (?, 'written while scaling')",
                    "UPDATE events SET n = n + 1 WHERE id = ?", ROWS, 300)) {
                transformA.kill();
                sinkA.kill();
                for (String group : List.of(transformGroup, sinkGroup)) {
                    int partitions = partitions(admin, group);
                    Await.until("the survivor of " + group + " owning every partition", Duration.ofSeconds(150),
                            () -> assignments(admin, group), a -> a.size() == 1 && a.get(0).size() == partitions);
                }
                Await.until("the application writing after the kills", Duration.ofSeconds(60),
                        () -> sourceCount(), n -> n > ROWS + 600);
            }
        }

        Await.until("target identical to source after the kills", Duration.ofSeconds(240),
                () -> pg.compare("public", List.of("events")), PostgresPair::identical);
        assertTrue(transformB.isAlive() && sinkB.isAlive(), "the survivors kept running");
        try (Connection t = pg.target(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id) FROM events")) {
            rs.next();
            assertEquals(sourceCount(), rs.getLong(1), "no row lost, none extra");
            assertEquals(rs.getLong(1), rs.getLong(2));
        }
    }

    private ChildPipeline stage(Path config, String stage, int n) throws Exception {
        return ChildPipeline.command(Map.of(), pg.dir().resolve(stage + "-" + n + ".log"), "run", "--config",
                config.toString(), "--stage", stage, "--state-dir", pg.dir().resolve("state-" + n).toString(),
                "--http-port", "0");
    }

    private long sourceCount() throws Exception {
        try (Connection c = pg.source(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The partitions of each member of {@code group} (empty list while it has none). */
    private static List<Set<TopicPartition>> assignments(Admin admin, String group) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
        List<Set<TopicPartition>> result = new ArrayList<>();
        for (MemberDescription m : d.members()) {
            Set<TopicPartition> mine = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
            mine.addAll(m.assignment().topicPartitions());
            result.add(mine);
        }
        return result;
    }

    private static int partitions(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().size();
    }

    private static boolean disjoint(List<Set<TopicPartition>> shares) {
        Set<TopicPartition> seen = new java.util.HashSet<>();
        for (Set<TopicPartition> s : shares) {
            for (TopicPartition p : s) {
                if (!seen.add(p)) {
                    return false;
                }
            }
        }
        return true;
    }
}
