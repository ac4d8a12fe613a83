package dev.ferry.ops.cli;

import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.schema.SchemaObjects;
import java.io.PrintStream;
import java.sql.SQLException;

/**
 * How {@code check} and {@code verify} report the schema objects a source table has and its existing
 * target table lacks: one {@code warn} line per object. A warning, not a failure: the rows can be
 * identical without them, and cutover creates them where the target's {@code ddl} allows.
 */
final class SchemaWarnings {

    private SchemaWarnings() {
    }

    /**
     * @param tables the target tables to report ({@code <table>} or {@code <target>.<table>}); empty: all
     * @return how many lines it printed
     */
    static int print(StageConfigs configs, java.util.List<String> tables, PrintStream out) {
        try {
            int n = 0;
            for (SchemaObjects.Finding f : new SchemaObjects(configs).lacking()) {
                if (!tables.isEmpty() && !tables.contains(f.table())
                        && !tables.contains(f.table().substring(f.table().indexOf('.') + 1))) {
                    continue;
                }
                out.println(String.format("%-16s warn %s", "schema", f.line()));
                n++;
            }
            return n;
        } catch (SQLException e) {
            out.println(String.format("%-16s warn could not compare the schema objects: %s", "schema", e.getMessage()));
            return 0;
        }
    }
}
