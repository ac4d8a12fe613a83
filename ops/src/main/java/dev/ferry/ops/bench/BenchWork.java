package dev.ferry.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary work directory of one benchmark run. */
final class BenchWork {

    private BenchWork() {
    }

    /** Deletes {@code work} and everything below it (files first, then their folders). */
    static void delete(Path work) throws IOException {
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
