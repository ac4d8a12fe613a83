package dev.ferry.ops.pipeline;

/** The stages {@code ferry run --stage} can run alone. */
public enum Stage {
    CAPTURE,
    TRANSFORM,
    SINK
}
