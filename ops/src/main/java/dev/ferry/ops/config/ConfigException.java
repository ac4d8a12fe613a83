package dev.ferry.ops.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A configuration file could not be loaded. Carries every problem found, each as one line
 * {@code path: message} (e.g. {@code targets[0].url: must start with jdbc:postgresql:}) or, for
 * problems concerning the whole file, just the message (e.g. {@code file does not exist},
 * {@code line 3, column 5: invalid YAML: ...}).
 *
 * <p>{@link #getMessage()} lists the problems one per line, each prefixed by the file name:
 * {@code ferry.yaml: kafka.partitions: must be between 1 and 1000, got 0}. No problem line ever
 * contains a secret's value.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final List<String> problems;

    /**
     * @param fileName the file (or other name) the configuration came from
     * @param problems at least one problem line
     */
    public ConfigException(String fileName, List<String> problems) {
        super(format(fileName, problems));
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        this.problems = List.copyOf(problems);
    }

    private static String format(String fileName, List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        return problems.stream().map(problem -> fileName + ": " + problem).collect(Collectors.joining("\n"));
    }

    /** The name the problems are reported against, as given to the loader. */
    public String fileName() {
        return fileName;
    }

    /** Every problem, in the order found (document order, then cross-section checks); never empty. */
    public List<String> problems() {
        return problems;
    }
}
