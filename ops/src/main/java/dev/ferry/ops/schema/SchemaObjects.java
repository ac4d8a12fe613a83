package dev.ferry.ops.schema;

import dev.ferry.ops.config.DdlMode;
import dev.ferry.ops.config.MappingSection;
import dev.ferry.ops.config.SourceSection;
import dev.ferry.ops.config.TableName;
import dev.ferry.ops.config.TargetSection;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.schema.SchemaObject.Kind;
import dev.ferry.transform.TableMapping;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The schema objects of every mapped table beside its rows (NOT NULL, defaults, identity and
 * sequences, check and unique constraints, indexes, foreign keys, comments): what each source table
 * has, what its target table has, and, at cutover, the creation of what the target lacks.
 *
 * <p>Why at cutover, not with the table: the sink applies the tables, and the partitions of one
 * table, in their own orders, so between two changes of the source the target may briefly hold a
 * state the source never had (a unique value moved from one row to another applied in the other
 * order; a child before its parent). Constraints created then would refuse such rows. At cutover
 * the drain and verify have just proved the target equal to the source, whose constraints hold, so
 * the constraints are created and validated over exactly the source's data. The foreign-key
 * parking lot of the sink then handles whatever {@code cutover --finish} still applies.
 */
public final class SchemaObjects {

    /** What became of one object. */
    public enum State { PRESENT, CREATED, LACKING, NOT_CARRIED, FAILED }

    /**
     * One object of one target table.
     *
     * @param table {@code <target>.<table>}
     * @param object the object in words, in the target's names where it is carried
     * @param state what became of it
     * @param why the reason it is not carried, or the error it failed with; null otherwise
     * @param blocking whether it keeps cutover NOT READY
     */
    public record Finding(String table, String object, State state, String why, boolean blocking) {

        /** One line: {@code fresh.orders: index orders_email_idx (email): created}. */
        public String line() {
            String state = switch (this.state) {
                case PRESENT -> "present";
                case CREATED -> "created";
                case LACKING -> "the target lacks it" + (why == null ? "" : " (" + why + ")");
                case NOT_CARRIED -> "not carried: " + why;
                case FAILED -> "could not create: " + why;
            };
            return table + ": " + object + ": " + state;
        }
    }

    private final StageConfigs configs;

    public SchemaObjects(StageConfigs configs) {
        this.configs = configs;
    }

    /**
     * What each existing target table lacks of its source's objects (nothing is changed): the
     * objects lacking and those the mapping does not carry. Tables not created yet are left out.
     */
    public List<Finding> lacking() throws SQLException {
        List<Finding> found = new ArrayList<>();
        for (Table t : tables()) {
            for (Finding f : t.compare()) {
                if (f.state() == State.LACKING) {
                    found.add(new Finding(f.table(), f.object(), f.state(), t.whoCreates(f), false));
                } else if (f.state() != State.PRESENT) {
                    found.add(f);
                }
            }
        }
        return found;
    }

    /**
     * Cutover: creates what each target table lacks, for targets with {@code ddl: create} or
     * {@code evolve} (foreign keys last, once every table has its unique constraints); lists what a
     * {@code ddl: none} target lacks without changing it. A constraint, default or NOT NULL that
     * cannot be created (a foreign key whose validation fails included) is blocking; an index that
     * cannot be created is listed only (it changes no result).
     */
    public List<Finding> create() throws SQLException {
        List<Finding> done = new ArrayList<>();
        List<Table> tables = tables();
        for (boolean foreignKeys : new boolean[] {false, true}) {
            for (Table t : tables) {
                done.addAll(t.create(foreignKeys));
            }
        }
        return done;
    }

    private List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        List<MappingSection> sections = configs.ferryConfig().effectiveMappings();
        List<TableMapping> mappings = configs.tableMappings();
        for (int i = 0; i < sections.size(); i++) {
            tables.add(new Table(sections.get(i), mappings.get(i), sections, mappings));
        }
        return tables;
    }

    /** One mapped table: its source and target sides. */
    private final class Table {
        private final MappingSection section;
        private final TableMapping mapping;
        private final List<MappingSection> sections;
        private final List<TableMapping> mappings;
        private final SourceSection source;
        private final TargetSection target;

        Table(MappingSection section, TableMapping mapping, List<MappingSection> sections, List<TableMapping> mappings) {
            this.section = section;
            this.mapping = mapping;
            this.sections = sections;
            this.mappings = mappings;
            this.source = configs.ferryConfig().source(section.source()).orElseThrow();
            this.target = configs.ferryConfig().target(section.target()).orElseThrow();
        }

        /** Who gives the target an object it lacks: cutover (its SEQUENCES step for identity), or the user. */
        String whoCreates(Finding f) {
            if (f.object().startsWith(Kind.IDENTITY.words())) {
                return "cutover's SEQUENCES step gives it";
            }
            return target.ddl() == DdlMode.NONE ? "ddl is none: create it yourself" : "cutover creates it";
        }

        /** Every source object with its state, PRESENT or LACKING as the target is now; empty when the target table is not there. */
        List<Finding> compare() throws SQLException {
            List<ObjectPlan.Planned> planned = plan();
            try (Connection t = connect(target.url(), target.user(), target.password().reveal())) {
                return compare(t, planned);
            }
        }

        private List<Finding> compare(Connection t, List<ObjectPlan.Planned> planned) throws SQLException {
            CatalogReader reader = CatalogReader.of(target.type());
            List<Finding> found = new ArrayList<>();
            if (!reader.exists(t, target.schema(), section.targetTable())) {
                return found;
            }
            Set<String> present = new HashSet<>();
            reader.objects(t, target.schema(), section.targetTable()).forEach(o -> present.add(o.signature()));
            for (ObjectPlan.Planned p : planned) {
                if (p.target() == null) {
                    found.add(new Finding(section.to(), p.source().describe(), State.NOT_CARRIED, p.notCarried(), false));
                } else {
                    found.add(new Finding(section.to(), p.target().describe(),
                            present.contains(p.target().signature()) ? State.PRESENT : State.LACKING, null, false));
                }
            }
            return found;
        }

        List<Finding> create(boolean foreignKeys) throws SQLException {
            List<ObjectPlan.Planned> planned = plan().stream()
                    .filter(p -> (p.source().kind() == Kind.FOREIGN_KEY) == foreignKeys).toList();
            List<Finding> done = new ArrayList<>();
            try (Connection t = connect(target.url(), target.user(), target.password().reveal())) {
                List<Finding> now = compare(t, planned);
                ObjectDdl ddl = ObjectDdl.of(target.type());
                for (int i = 0; i < now.size(); i++) {
                    Finding f = now.get(i);
                    SchemaObject o = planned.get(i).target();
                    if (f.state() != State.LACKING) {
                        done.add(f);
                    } else if (o.kind() == Kind.IDENTITY) {
                        // SequenceSync, which runs first, gives it; a column it could not give one is its problem
                        continue;
                    } else if (target.ddl() == DdlMode.NONE) {
                        done.add(new Finding(f.table(), f.object(), State.LACKING, "ddl is none: create it yourself", false));
                    } else {
                        done.add(create(t, ddl, o, f));
                    }
                }
            }
            return done;
        }

        private Finding create(Connection t, ObjectDdl ddl, SchemaObject o, Finding f) {
            ObjectDdl.Creation creation = ddl.create(o, target.schema(), section.targetTable());
            if (creation.cannot() != null) {
                return new Finding(f.table(), f.object(), State.NOT_CARRIED, creation.cannot(), false);
            }
            boolean blocking = o.kind() != Kind.INDEX;
            try (Statement s = t.createStatement()) {
                for (String sql : creation.statements()) {
                    s.execute(sql);
                }
            } catch (SQLException e) {
                return new Finding(f.table(), f.object(), State.FAILED, e.getMessage(), blocking);
            }
            if (creation.validate() != null) {
                try (Statement s = t.createStatement()) {
                    s.execute(creation.validate());
                } catch (SQLException e) {
                    try (Statement s = t.createStatement()) {
                        s.execute(creation.undo());
                    } catch (SQLException undo) {
                        e.addSuppressed(undo);
                    }
                    return new Finding(f.table(), f.object(), State.FAILED, "validation failed, so it was dropped again: "
                            + e.getMessage(), blocking);
                }
            }
            return new Finding(f.table(), f.object(), State.CREATED, null, false);
        }

        private List<ObjectPlan.Planned> plan() throws SQLException {
            TableName table = section.sourceTable();
            List<SchemaObject> objects;
            try (Connection s = connect(source.url(), source.user(), source.password().reveal())) {
                objects = CatalogReader.of(source.type()).objects(s, table.schema(), table.table());
            }
            return ObjectPlan.plan(objects, mapping, target.type(), this::parent);
        }

        /** The mapping of a foreign key's parent: the same source's table copied into the same target. */
        private Optional<ObjectPlan.Parent> parent(SchemaObject.Reference ref) {
            for (int i = 0; i < sections.size(); i++) {
                MappingSection m = sections.get(i);
                if (m.reads(section.source(), new TableName(ref.schema(), ref.table())) && m.target().equals(section.target())) {
                    return Optional.of(new ObjectPlan.Parent(m.targetTable(), mappings.get(i)));
                }
            }
            return Optional.empty();
        }
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Connection c = DriverManager.getConnection(url, user, password);
        c.setAutoCommit(true);
        return c;
    }
}
