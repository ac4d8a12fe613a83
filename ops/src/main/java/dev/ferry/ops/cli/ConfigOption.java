package dev.ferry.ops.cli;

import dev.ferry.ops.config.ConfigException;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.config.FerryConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --config} option every pipeline command takes (a picocli mixin): the pipeline's
 * {@code ferry.yaml}, or the file named by the environment variable {@code FERRY_CONFIG} when the
 * option is not given.
 */
public final class ConfigOption {

    /** The environment variable read when {@code --config} is not given. */
    public static final String ENVIRONMENT = "FERRY_CONFIG";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "${env:" + ENVIRONMENT + "}",
            description = "the pipeline's ferry.yaml (default: the file named by $" + ENVIRONMENT + ")")
    Path file;

    /** The file, as given. */
    public Path file() {
        if (file == null) {
            throw Refusal.usage("ferry: say which ferry.yaml: --config FILE, or set " + ENVIRONMENT);
        }
        return file;
    }

    /**
     * Loads and validates the file.
     *
     * @throws ConfigException with every problem of the file (exit 2)
     * @throws Refusal when no file is named (exit 2)
     */
    public FerryConfig load() throws ConfigException {
        return ConfigLoader.load(file(), System.getenv());
    }
}
