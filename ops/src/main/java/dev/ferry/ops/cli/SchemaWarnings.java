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

    /** @return how many objects the targets lack */
    static int print(StageConfigs configs, PrintStream out) {
        try {
            int n = 0;
            for (SchemaObjects.Finding f : new SchemaObjects(configs).lacking()) {
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
