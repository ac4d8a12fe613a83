package dev.ferry.tests.names;

import dev.ferry.tests.fixtures.MariaDbRig;
import java.nio.file.Path;
import java.util.List;

/** MariaDB → PostgreSQL: names written with backticks at the source arrive exactly. */
class MariaDbToPostgresNamesTest extends ExactNamesTest {

    private MariaDbRig rig;

    @Override
    void startDatabases(String name) {
        rig = MariaDbRig.start(name);
        source = new NamedSide(false, rig::maria, MariaDbRig.DATABASE);
        target = new NamedSide(true, rig::target, "public");
    }

    @Override
    Path writeConfig(String prefix) throws Exception {
        return rig.writeConfig(prefix, "names", List.of(TABLE), List.of());
    }

    @Override
    Path dir() {
        return rig.dir();
    }

    @Override
    void stopDatabases() {
        if (rig != null) {
            rig.close();
        }
    }
}
