package dev.ferry.tests.names;

import dev.ferry.tests.fixtures.PostgresPair;
import java.nio.file.Path;
import java.util.List;

/** PostgreSQL → PostgreSQL: names arrive exactly. */
class PostgresToPostgresNamesTest extends ExactNamesTest {

    private PostgresPair pg;

    @Override
    void startDatabases(String name) {
        pg = PostgresPair.start(name);
        source = new NamedSide(true, pg::source, "public");
        target = new NamedSide(true, pg::target, "public");
    }

    @Override
    Path writeConfig(String prefix) throws Exception {
        return pg.writeConfig(prefix, List.of("public." + TABLE), "");
    }

    @Override
    Path dir() {
        return pg.dir();
    }

    @Override
    void stopDatabases() {
        if (pg != null) {
            pg.close();
        }
    }
}
