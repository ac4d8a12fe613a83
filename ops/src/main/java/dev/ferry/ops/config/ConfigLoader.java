package dev.ferry.ops.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads a {@code ferry.yaml} into a validated {@link FerryConfig}.
 *
 * <p>Contract:
 * <ul>
 *   <li>Everything is validated in one pass and every problem is reported, each with its path
 *       ({@code targets[0].url}, {@code kafka.partitons}, ...), in a single {@link ConfigException}.</li>
 *   <li>Unknown keys are problems; so is any value that is not valid for its key. Defaults apply
 *       only to keys that are absent or empty ({@code key:} / {@code key: ~}).</li>
 *   <li>{@code ${env:NAME}} anywhere in a scalar value is replaced from {@code env} before the value
 *       is checked; an unset variable is a problem at the value's path. Keys are not substituted.</li>
 *   <li>Scalars are read as written: {@code 0123} or {@code 1.10} are never reinterpreted as numbers;
 *       numeric keys accept {@code 3} and {@code "3"}.</li>
 *   <li>A file larger than {@link #MAX_FILE_BYTES} is refused before it is read.</li>
 *   <li>A missing, unreadable or non-UTF-8 file, or malformed YAML (reported with line and column),
 *       duplicate keys, several documents or an empty document yield a ConfigException with that
 *       single problem.</li>
 * </ul>
 */
public final class ConfigLoader {

    private static final String ROOT_KEYS = "kafka, sources, targets, masking, mappings, http";
    /** The largest {@code ferry.yaml} read: far above any real pipeline's, and refused before parsing. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    private ConfigLoader() {
    }

    /**
     * Reads and validates {@code file} (UTF-8).
     *
     * @param file the configuration file; its {@code toString()} prefixes every problem line
     * @param env  environment for {@code ${env:NAME}} (typically {@link System#getenv()})
     * @throws ConfigException listing every problem found
     */
    public static FerryConfig load(Path file, Map<String, String> env) throws ConfigException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(env, "env");
        String fileName = file.toString();
        return parse(read(file, fileName), fileName, env);
    }

    /**
     * Validates {@code yaml} as if read from a file called {@code fileName}.
     *
     * @param yaml     the document text
     * @param fileName the name prefixing every problem line in {@link ConfigException#getMessage()}
     * @param env      environment for {@code ${env:NAME}}
     * @throws ConfigException listing every problem found
     */
    public static FerryConfig parse(String yaml, String fileName, Map<String, String> env) throws ConfigException {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(env, "env");
        JsonNode root = tree(yaml, fileName);
        Problems problems = new Problems();
        Optional<FerryConfig> config = new PipelineReader(problems)
                .read(ConfigNode.root(root, problems, new EnvironmentSubstitution(env)));
        if (!problems.isEmpty()) {
            throw new ConfigException(fileName, problems.asList());
        }
        return config.orElseThrow(() -> new IllegalStateException("no config and no problem for " + fileName));
    }

    private static JsonNode tree(String yaml, String fileName) throws ConfigException {
        try {
            return YamlTreeReader.read(yaml).orElseThrow(() -> new ConfigException(fileName,
                    List.of("the file is empty; expected a map with keys " + ROOT_KEYS)));
        } catch (YamlTreeReader.InvalidYamlException e) {
            throw new ConfigException(fileName, List.of(e.getMessage()));
        }
    }

    private static String read(Path file, String fileName) throws ConfigException {
        if (Files.isDirectory(file)) {
            throw new ConfigException(fileName, List.of("is a directory, not a file"));
        }
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(fileName, List.of("file is " + size + " bytes; a ferry.yaml may have at most "
                        + MAX_FILE_BYTES + " (1 MiB): is this the right file?"));
            }
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(fileName, List.of("file does not exist"));
        } catch (AccessDeniedException e) {
            throw new ConfigException(fileName, List.of("file is not readable (permission denied)"));
        } catch (CharacterCodingException e) {
            throw new ConfigException(fileName, List.of("file is not valid UTF-8"));
        } catch (IOException e) {
            throw new ConfigException(fileName, List.of("cannot read file: " + e.getMessage()));
        }
    }
}
