package dev.ferry.tests.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.registry.RegistryAddress;
import dev.ferry.schemas.registry.RestSchemaRegistry;
import dev.ferry.schemas.registry.SchemaRegistryException;
import dev.ferry.schemas.registry.SchemaRegistryUnavailableException;
import dev.ferry.tests.fixtures.RegistryProxy;
import dev.ferry.tests.fixtures.SharedServices;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Ferry's registry client against a real Confluent-compatible registry server. */
class RestSchemaRegistryTest {

    private final String url = SharedServices.get().registryUrl();
    private final String topic = SharedServices.uniquePrefix("registry") + ".t";

    private final Schema v1 = SchemaBuilder.record("Row").namespace("ferry.test").fields()
            .requiredLong("id").optionalString("name").endRecord();
    private final Schema v2 = SchemaBuilder.record("Row").namespace("ferry.test").fields()
            .requiredLong("id").optionalString("name").optionalString("email").endRecord();

    @Test
    void registersUnderSubjectAndFetchesById() {
        RestSchemaRegistry registry = new RestSchemaRegistry(url);
        int id = registry.register(topic + "-value", v1);
        assertEquals(v1, new RestSchemaRegistry(url).byId(id));
    }

    @Test
    void sameSchemaKeepsItsIdAndANewVersionGetsANewOne() {
        RestSchemaRegistry registry = new RestSchemaRegistry(url);
        int first = registry.register(topic + "-value", v1);
        assertEquals(first, new RestSchemaRegistry(url).register(topic + "-value", v1));
        assertNotEquals(first, registry.register(topic + "-value", v2));
    }

    @Test
    void unknownIdIsAClearError() {
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> new RestSchemaRegistry(url).byId(987654));
        assertEquals(true, e.getMessage().contains("schema id 987654"), e.getMessage());
        assertFalse(e instanceof SchemaRegistryUnavailableException, "an unknown id is not an outage");
    }

    @Test
    void aRegistryThatCannotServeNowIsUnavailableNotRefusing() throws IOException {
        try (RegistryProxy restarting = new RegistryProxy(url)) {
            restarting.down();
            assertThrows(SchemaRegistryUnavailableException.class, () -> new RestSchemaRegistry(restarting.url()).byId(1));
        }
        assertThrows(SchemaRegistryUnavailableException.class,
                () -> new RestSchemaRegistry("http://127.0.0.1:1").register(topic + "-value", v1));
    }

    @Test
    void wireFormatRoundTripsThroughTheRealRegistry() {
        Schema decimal = LogicalTypes.decimal(38, 10).addToSchema(Schema.create(Schema.Type.BYTES));
        Schema schema = SchemaBuilder.record("Money").fields().name("amount").type(decimal).noDefault().endRecord();
        BigDecimal amount = new BigDecimal("1234567890123456789012345678.0123456789");
        GenericRecord record = new GenericData.Record(schema);
        record.put("amount", ByteBuffer.wrap(amount.unscaledValue().toByteArray()));

        byte[] wire = new AvroCodec(new RestSchemaRegistry(url)).encode(topic, false, schema, record);
        GenericRecord back = (GenericRecord) new AvroCodec(new RestSchemaRegistry(url)).decode(wire).datum();
        ByteBuffer bytes = (ByteBuffer) back.get("amount");
        byte[] unscaled = new byte[bytes.remaining()];
        bytes.get(unscaled);
        assertEquals(amount, new BigDecimal(new java.math.BigInteger(unscaled), 10));
    }

    @Test
    void credentialsGoWithEveryCallToARegistryThatWantsThem() throws IOException {
        try (RegistryProxy secured = new RegistryProxy(url, "api-key", "s3cr3t")) {
            RestSchemaRegistry registry = new RestSchemaRegistry(new RegistryAddress(secured.url(), "api-key", "s3cr3t"));
            int id = registry.register(topic + "-value", v1);
            assertEquals(v1, new RestSchemaRegistry(new RegistryAddress(secured.url(), "api-key", "s3cr3t")).byId(id));
            assertEquals(v1, registry.latest(topic + "-value").orElseThrow());
        }
    }

    @Test
    void missingOrWrongCredentialsAreAClearError() throws IOException {
        try (RegistryProxy secured = new RegistryProxy(url, "api-key", "s3cr3t")) {
            SchemaRegistryException none = assertThrows(SchemaRegistryException.class,
                    () -> new RestSchemaRegistry(secured.url()).register(topic + "-value", v1));
            assertTrue(none.getMessage().contains("HTTP 401")
                    && none.getMessage().contains("set kafka.schema-registry-user and -password"), none.getMessage());

            SchemaRegistryException wrong = assertThrows(SchemaRegistryException.class,
                    () -> new RestSchemaRegistry(new RegistryAddress(secured.url(), "api-key", "guess")).byId(1));
            assertTrue(wrong.getMessage().contains("refused the configured credentials"), wrong.getMessage());
            assertTrue(!wrong.getMessage().contains("guess"), wrong.getMessage());
        }
    }
}
