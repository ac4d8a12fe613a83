package dev.ferry.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * An in-process registry with the same contract as a real one, for module unit tests that run
 * without any service (for example a topology under {@code TopologyTestDriver}).
 */
public final class MemorySchemaRegistry implements SchemaRegistry {

    private final List<Schema> schemas = new ArrayList<>();
    private final Map<String, Map<Schema, Integer>> subjects = new ConcurrentHashMap<>();
    private final Map<String, Schema> latest = new ConcurrentHashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        int existing = schemas.indexOf(schema);
        int id = existing >= 0 ? existing + 1 : add(schema);
        subjects.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        latest.put(subject, schema);
        return id;
    }

    @Override
    public synchronized Schema byId(int id) {
        if (id < 1 || id > schemas.size()) {
            throw new SchemaRegistryException("no schema with id " + id);
        }
        return schemas.get(id - 1);
    }

    @Override
    public java.util.Optional<Schema> latest(String subject) {
        return java.util.Optional.ofNullable(latest.get(subject));
    }

    /** Subjects registered so far, for assertions. */
    public synchronized java.util.Set<String> subjects() {
        return java.util.Set.copyOf(subjects.keySet());
    }

    private int add(Schema schema) {
        schemas.add(schema);
        return schemas.size();
    }
}
