package dev.ferry.ops.verify;

import java.util.List;

/**
 * One row as verify compares it: its target primary-key values and the canonical text of each
 * compared target column (in {@link TableSpec#columns()} order).
 */
record VerifyRow(List<Object> key, String[] values) {

    /** The key as people read it: {@code id=42} or {@code (a=1, b=x)}. */
    String keyText(List<String> keyColumns) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keyColumns.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(keyColumns.get(i)).append('=').append(key.get(i));
        }
        return keyColumns.size() == 1 ? b.toString() : "(" + b + ")";
    }
}
