package dev.ferry.transform.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Validates rows against a table's rules: a pure function returning a {@link Verdict}, never
 * throwing for any row. Every rule is evaluated (a row failing several shows them all), in the
 * configured order, except rules over a column whose value the source did not send.
 */
public final class Validator {

    private final List<ValidationRule> rules;
    private final List<java.util.Set<String>> columns;

    public Validator(List<ValidationRule> rules) {
        this.rules = List.copyOf(rules);
        this.columns = this.rules.stream().map(ValidationRule::columns).toList();
    }

    public List<ValidationRule> rules() {
        return rules;
    }

    public Verdict validate(CheckedRow row) {
        return Verdict.of(violations(row));
    }

    /** Every failed rule, in rule order. */
    public List<Violation> violations(CheckedRow row) {
        List<Violation> out = new ArrayList<>(0);
        for (int i = 0; i < rules.size(); i++) {
            ValidationRule rule = rules.get(i);
            if (columns.get(i).stream().anyMatch(row::unchanged)) {
                continue;
            }
            rule.check(row).ifPresent(message -> out.add(new Violation(rule.id(), rule.severity(), message)));
        }
        return out;
    }
}
