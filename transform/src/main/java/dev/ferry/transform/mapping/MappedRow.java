package dev.ferry.transform.mapping;

import java.util.List;

/** What {@link RowMapping} makes of one record: a mapped record, or the reasons it could not be mapped. */
public sealed interface MappedRow {

    /**
     * @param record the mapped key or row
     * @param unchanged target columns whose value the source did not send (TOAST), in field order
     */
    record Mapped(org.apache.avro.generic.GenericRecord record, List<String> unchanged) implements MappedRow {
        public Mapped {
            unchanged = List.copyOf(unchanged);
        }
    }

    /** @param failures why; never empty */
    record Failed(List<Failure> failures) implements MappedRow {
        public Failed {
            failures = List.copyOf(failures);
        }
    }

    /**
     * One reason a record could not be mapped.
     *
     * @param ruleId the rule that failed: {@code columns.<column>.cast}, {@code columns.<column>.default}
     *     or {@code mapping} (the mapping does not fit the table's schema)
     * @param message what failed, naming the column and the value
     */
    record Failure(String ruleId, String message) {
    }
}
