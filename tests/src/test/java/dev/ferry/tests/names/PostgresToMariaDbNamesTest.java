package dev.ferry.tests.names;

import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.TargetDb;
import java.nio.file.Path;
import java.util.List;

/** PostgreSQL → MariaDB: names arrive exactly (backticks, double quotes and unicode included). */
class PostgresToMariaDbNamesTest extends ExactNamesTest {

    private PostgresPair pg;
    private TargetDb maria;

    @Override
    void startDatabases(String name) {
        pg = PostgresPair.start(name);
        maria = TargetDb.mariadb(name + "-target");
        source = new NamedSide(true, pg::source, "public");
        target = new NamedSide(false, maria::connect, maria.schema());
    }

    @Override
    Path writeConfig(String prefix) throws Exception {
        return pg.writeConfig(prefix, List.of("public." + TABLE), maria, "");
    }

    @Override
    Path dir() {
        return pg.dir();
    }

    @Override
    void stopDatabases() {
        if (maria != null) {
            maria.close();
        }
        if (pg != null) {
            pg.close();
        }
    }
}
