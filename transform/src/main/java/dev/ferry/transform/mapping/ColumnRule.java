package dev.ferry.transform.mapping;

import java.util.Objects;

/**
 * One rule about one source column. A column may have several (at most one of each kind); they
 * apply in a fixed order whatever order they are listed in: {@link Cast}, then {@link MaskWith},
 * then {@link Rename}; a NULL becomes the {@link Default} instead (written as it is, neither cast
 * nor masked). {@link Drop} excludes the column from the target row (primary-key columns are
 * always kept).
 */
public sealed interface ColumnRule {

    /** The column is written under another name; any non-empty name, SQL keywords included. */
    record Rename(String to) implements ColumnRule {
        public Rename {
            Objects.requireNonNull(to, "to");
        }
    }

    /** The column is not written. */
    record Drop() implements ColumnRule {
    }

    /** A NULL is written as {@code value}, read as the target column's type (after a cast: the cast's type). */
    record Default(String value) implements ColumnRule {
        public Default {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The value is cast; the target column gets the cast's type. */
    record Cast(CastType to) implements ColumnRule {
        public Cast {
            Objects.requireNonNull(to, "to");
        }
    }

    /** The value is masked; the target column becomes text (or keeps its type for a NULL mask). */
    record MaskWith(Mask mask) implements ColumnRule {
        public MaskWith {
            Objects.requireNonNull(mask, "mask");
        }
    }
}
