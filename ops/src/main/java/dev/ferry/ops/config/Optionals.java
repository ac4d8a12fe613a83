package dev.ferry.ops.config;

import java.util.Optional;
import java.util.stream.Stream;

/** Helper for readers that build a record only when every one of its fields could be read. */
final class Optionals {

    private Optionals() {
    }

    /** True if every value is present. */
    static boolean allPresent(Optional<?>... values) {
        return Stream.of(values).allMatch(Optional::isPresent);
    }
}
