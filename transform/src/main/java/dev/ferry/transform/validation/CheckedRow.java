package dev.ferry.transform.validation;

import dev.ferry.transform.predicate.Row;

/** A row under validation: its source values, and the size of the row as it will be written. */
public interface CheckedRow extends Row {

    /** Size in bytes of the mapped row's Avro encoding (what the target receives). Computed on demand. */
    int mappedBytes();
}
