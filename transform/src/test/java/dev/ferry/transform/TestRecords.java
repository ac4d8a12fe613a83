package dev.ferry.transform;

import dev.ferry.schemas.connect.ConnectAvro;
import java.math.BigDecimal;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/** Rows shaped as capture writes them (Connect schemas from Debezium, converted to Avro). */
public final class TestRecords {

    public static final Schema KEY = SchemaBuilder.struct().name("ferry.legacy.public.orders.Key")
            .field("id", Schema.INT64_SCHEMA).build();
    public static final Schema ROW = SchemaBuilder.struct().name("ferry.legacy.public.orders.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.builder(3).parameter("connect.decimal.precision", "10").optional().build())
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("placed", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").version(1).optional().build())
            .build();

    private static final ConnectAvro CONNECT_AVRO = new ConnectAvro();

    private TestRecords() {
    }

    public static GenericRecord key(long id) {
        return (GenericRecord) CONNECT_AVRO.toAvro(KEY, new Struct(KEY).put("id", id));
    }

    public static GenericRecord row(long id, String status, String amount, String email, String note, String placed) {
        return row(ROW, new Struct(ROW).put("id", id).put("status", status)
                .put("amount", amount == null ? null : new BigDecimal(amount)).put("email", email).put("note", note)
                .put("placed", placed));
    }

    public static GenericRecord row(Schema schema, Struct struct) {
        return (GenericRecord) CONNECT_AVRO.toAvro(schema, struct);
    }

    public static org.apache.avro.Schema avro(Schema schema) {
        return CONNECT_AVRO.toAvroSchema(schema);
    }
}
