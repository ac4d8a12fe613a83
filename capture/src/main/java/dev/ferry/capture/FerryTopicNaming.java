package dev.ferry.capture;

import dev.ferry.schemas.TopicNames;
import io.debezium.schema.SchemaTopicNamingStrategy;
import io.debezium.spi.schema.DataCollectionId;
import java.util.List;
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
        List<String> parts = id.schemaParts();
        if (parts.size() != 2) {
            // Not a table of a schema or database (never the case for PostgreSQL and MariaDB/MySQL).
            return super.dataChangeTopic(id);
        }
        return topicNames.computeIfAbsent(id, t -> TopicNames.rawTopic(prefix, parts.get(0), parts.get(1)));
    }
}
