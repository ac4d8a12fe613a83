package dev.ferry.capture;

import dev.ferry.schemas.TopicNames;
import io.debezium.relational.TableId;
import io.debezium.schema.SchemaTopicNamingStrategy;
import io.debezium.spi.schema.DataCollectionId;
import java.util.Properties;

/**
 * Debezium's topic naming for Ferry's raw topics: {@code topic.prefix} followed by the table's
 * schema (or database) and name, each escaped by {@link TopicNames#component}, so that the topic
 * is the one {@link TopicNames#raw} names. Debezium's own strategy replaces every character Kafka
 * does not allow with {@code _}, which gives {@code Order Items} and {@code Order_Items} the same
 * topic; this one never does. Other topics (heartbeats, transactions) are Debezium's.
 */
public final class FerryTopicNaming extends SchemaTopicNamingStrategy {

    public FerryTopicNaming(Properties props) {
        super(props);
    }

    public FerryTopicNaming(Properties props, boolean multiPartitionMode) {
        super(props, multiPartitionMode);
    }

    @Override
    public String dataChangeTopic(DataCollectionId id) {
        if (!(id instanceof TableId t) || t.table() == null || (t.schema() == null && t.catalog() == null)) {
            return super.dataChangeTopic(id);
        }
        // PostgreSQL tables have a schema; a MariaDB/MySQL table's database is its catalog.
        String schema = t.schema() != null ? t.schema() : t.catalog();
        return topicNames.computeIfAbsent(id, k -> TopicNames.rawTopic(prefix, schema, t.table()));
    }
}
