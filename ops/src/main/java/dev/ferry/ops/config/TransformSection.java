package dev.ferry.ops.config;

/**
 * The optional {@code transform:} section.
 *
 * @param restartAttempts restarts of the transform after an unexpected failure before it is FAILED, 0..1000
 */
public record TransformSection(int restartAttempts) {

    public static final int DEFAULT_RESTART_ATTEMPTS = 3;

    public static final TransformSection DEFAULT = new TransformSection(DEFAULT_RESTART_ATTEMPTS);

    public TransformSection {
        if (restartAttempts < 0 || restartAttempts > 1000) {
            throw new IllegalArgumentException("restartAttempts must be 0..1000, was " + restartAttempts);
        }
    }
}
