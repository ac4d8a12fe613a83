package dev.ferry.ops.config;

import java.util.Optional;

/** Reads the optional {@code transform:} section; absent means {@link TransformSection#DEFAULT}. */
final class TransformReader {

    private TransformReader() {
    }

    static Optional<TransformSection> read(ConfigNode node) {
        if (node.isMissing()) {
            return Optional.of(TransformSection.DEFAULT);
        }
        return node.fields("restart-attempts").flatMap(f -> f.get("restart-attempts")
                .optionalInt(TransformSection.DEFAULT_RESTART_ATTEMPTS, 0, 1000).map(TransformSection::new));
    }
}
