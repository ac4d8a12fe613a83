package dev.ferry.ops.check;

import dev.ferry.capture.CaptureConfig;
import dev.ferry.capture.SourceType;
import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.config.MappingSection;
import dev.ferry.schemas.Failures;
import dev.ferry.transform.predicate.PredicateParser;
import dev.ferry.transform.validation.ValidationRule;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every column a mapping names (column rules, {@code keep}, the filter, validation rules) must be a
 * column of its source table: a misspelt name ({@code emial}) would otherwise be ignored by the
 * transform (a rule on it never applies) or dead-letter every row. Columns are compared exactly, as
 * the transform matches them. A table that does not exist is {@link SourceCheck}'s to report.
 */
final class MappingCheck {

    /**
     * @param reachable false when the source could not be asked (then {@code problems} says why)
     * @param problems one line per unknown column, with its path in the config
     */
    record Result(boolean reachable, List<String> problems) {
    }

    private MappingCheck() {
    }

    /** @return empty when no explicit mapping reads a table of {@code source} */
    static Optional<Result> problems(FerryConfig config, CaptureConfig source) {
        List<MappingSection> mappings = config.mappings();
        if (mappings.stream().noneMatch(m -> m.source().equals(source.source()))) {
            return Optional.empty();
        }
        boolean catalogs = source.type() != SourceType.POSTGRES;
        List<String> problems = new ArrayList<>();
        try (Connection c = source.connect()) {
            DatabaseMetaData meta = c.getMetaData();
            for (int i = 0; i < mappings.size(); i++) {
                MappingSection m = mappings.get(i);
                if (!m.source().equals(source.source())) {
                    continue;
                }
                Set<String> columns = columns(meta, catalogs, m.sourceTable().schema(), m.sourceTable().table());
                if (!columns.isEmpty()) {
                    problems.addAll(unknown(i, m, columns));
                }
            }
        } catch (SQLException e) {
            return Optional.of(new Result(false, List.of("cannot connect as " + source.user() + ": " + Failures.describe(e))));
        }
        return Optional.of(new Result(true, problems));
    }

    private static List<String> unknown(int index, MappingSection m, Set<String> columns) {
        String at = "mappings[" + index + "]";
        String table = m.sourceTable().toString();
        List<String> problems = new ArrayList<>();
        java.util.function.BiConsumer<String, String> check = (path, column) -> {
            if (!columns.contains(column)) {
                problems.add(path + ": source table " + table + " has no column " + column + " (it has: "
                        + String.join(", ", new TreeSet<>(columns)) + ")");
            }
        };
        m.columns().keySet().forEach(column -> check.accept(at + ".columns." + column, column));
        if (m.keep() != null) {
            m.keep().forEach(column -> check.accept(at + ".keep", column));
        }
        if (m.filter() != null) {
            new TreeSet<>(PredicateParser.parse(m.filter()).columns()).forEach(column -> check.accept(at + ".filter", column));
        }
        List<ValidationRule> rules = m.validations();
        for (int r = 0; r < rules.size(); r++) {
            String path = at + ".validate[" + r + "] (" + rules.get(r).id() + ")";
            new TreeSet<>(rules.get(r).columns()).forEach(column -> check.accept(path, column));
        }
        return problems;
    }

    /** The table's column names; empty when the table does not exist. */
    private static Set<String> columns(DatabaseMetaData meta, boolean catalogs, String container, String table)
            throws SQLException {
        Set<String> columns = new LinkedHashSet<>();
        String escape = meta.getSearchStringEscape();
        try (ResultSet rs = meta.getColumns(catalogs ? container : null, catalogs ? null : like(container, escape),
                like(table, escape), null)) {
            while (rs.next()) {
                if (table.equals(rs.getString("TABLE_NAME"))) {
                    columns.add(rs.getString("COLUMN_NAME"));
                }
            }
        }
        return columns;
    }

    /** Metadata lookups take patterns: {@code _} and {@code %} in a real name must not match others. */
    private static String like(String name, String escape) {
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
