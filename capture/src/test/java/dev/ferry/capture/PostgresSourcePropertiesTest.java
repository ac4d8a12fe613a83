package dev.ferry.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.TopicNames;
import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.registry.RegistryAddress;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What the JDBC URL of a PostgreSQL source tells Debezium's own connections. */
class PostgresSourcePropertiesTest {

    @Test
    void theUrlsTlsParametersReachDebeziumsConnections() {
        CaptureConfig config = new CaptureConfig("legacy", SourceType.POSTGRES,
                "jdbc:postgresql://db.old:6432/app?sslmode=verify-full&sslrootcert=%2Fetc%2Fferry%2Fca.pem",
                "ferry", "secret", List.of("public.customers"), SnapshotMode.INITIAL,
                new KafkaSettings("k:9092", RegistryAddress.of("http://r:8081"), new TopicNames("ferry"), 1, (short) 1,
                        Map.of()));

        Properties p = PostgresSource.connection(config);

        assertEquals("verify-full", p.getProperty("database.sslmode"));
        assertEquals("/etc/ferry/ca.pem", p.getProperty("database.sslrootcert"));
        assertEquals("db.old", p.getProperty("database.hostname"));
        assertEquals("6432", p.getProperty("database.port"));
        assertEquals("app", p.getProperty("database.dbname"));
    }

    @Test
    void aUrlWithoutParametersAddsNone() {
        assertEquals(Map.of(), JdbcLocation.parse("jdbc:postgresql://db.old/app", 5432).parameters());
        assertEquals(Map.of("ssl", "", "sslmode", "require"),
                JdbcLocation.parse("jdbc:postgresql://db.old/app?ssl&sslmode=require", 5432).parameters());
    }
}
