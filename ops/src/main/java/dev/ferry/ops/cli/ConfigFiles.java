package dev.ferry.ops.cli;

import dev.ferry.ops.config.ConfigException;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.config.FerryConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/** Loads {@code ferry.yaml} for a command, printing every problem when it is refused. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** @return the config, or empty after printing its problems to {@code err} (the command then exits 2) */
    static Optional<FerryConfig> load(Path file, PrintStream err) {
        try {
            return Optional.of(ConfigLoader.load(file, System.getenv()));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return Optional.empty();
        }
    }
}
