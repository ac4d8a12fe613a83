package dev.ferry.ops.config;

import static dev.ferry.ops.config.TestYaml.VALID;
import static dev.ferry.ops.config.TestYaml.parse;
import static dev.ferry.ops.config.TestYaml.problemsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.transform.DeleteMode;
import dev.ferry.transform.TableMapping;
import dev.ferry.transform.mapping.CastType;
import dev.ferry.transform.mapping.Mask;
import dev.ferry.transform.validation.Severity;
import dev.ferry.transform.validation.ValidationRule;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping and validation keys of {@code mappings[]}: values read, and every problem with its path. */
class MappingRulesConfigTest {

    private static final String FULL = VALID + """
            masking:
              salt: ${env:MASK_SALT}
            mappings:
              - from: legacy.public.customers
                to: newdb.clients
                keep: [id, email, status, amount, phone, created]
                add: {source_system: legacy}
                filter: "status != 'deleted' and amount > 0"
                delete: soft
                soft-delete-column: is_deleted
                columns:
                  id: {rename: entityId}
                  email: {mask: sha256}
                  phone: {mask: null}
                  status: {default: unknown}
                  amount: {cast: "decimal(12,2)", default: "0"}
                  created: {cast: timestamp, rename: order}
                validate:
                  - {id: email-present, rule: not-null, column: email}
                  - {id: email-format, rule: regex, column: email, pattern: "[^@]+@[^@]+", severity: warn}
                  - {id: amount-range, rule: range, column: amount, min: 0, max: 1e6}
                  - {id: since-2000, rule: range, column: created, min: "2000-01-01"}
                  - {id: status-length, rule: max-length, column: status, max: 20}
                  - {id: known-status, rule: one-of, column: status, values: [new, paid, deleted]}
                  - {id: item-size, rule: max-row-bytes, max: 400000}
                  - {id: amount-number, rule: castable, column: amount, to: "decimal(12,2)"}
                  - {id: paid-has-amount, rule: predicate, expression: "status != 'paid' or amount is not null"}
              - from: legacy.public.orders
                to: newdb.orders
                mask-salt: ${env:ORDERS_SALT}
                delete: ignore
                columns:
                  note: {drop: true}
                  card: {mask: sha256}
                  secret: {mask: redact}
            """;
    private static final Map<String, String> ENV = Map.of("MASK_SALT", "top-salt", "ORDERS_SALT", "orders-salt");

    @Test
    void readsEveryMappingAndValidationKey() throws ConfigException {
        FerryConfig config = parse(FULL, ENV);
        MappingSection m = config.mappings().get(0);

        assertEquals(List.of("id", "email", "status", "amount", "phone", "created"), m.keep());
        assertEquals(Map.of("source_system", "legacy"), m.add());
        assertEquals("status != 'deleted' and amount > 0", m.filter());
        assertEquals(DeleteMode.SOFT, m.deletes());
        assertEquals("is_deleted", m.softDeleteColumn());
        assertEquals("top-salt", m.maskSalt().reveal());
        assertEquals(new ColumnRule("entityId"), m.columns().get("id"));
        assertEquals(new ColumnRule(null, false, null, null, Mask.Kind.SHA256), m.columns().get("email"));
        assertEquals(new ColumnRule(null, false, null, null, Mask.Kind.NULL), m.columns().get("phone"));
        assertEquals(new ColumnRule(null, false, "0", CastType.decimal(12, 2), null), m.columns().get("amount"));
        assertEquals(new ColumnRule("order", false, null, CastType.parse("timestamp"), null), m.columns().get("created"));
        assertEquals(List.of("email-present", "email-format", "amount-range", "since-2000", "status-length",
                "known-status", "item-size", "amount-number", "paid-has-amount"),
                m.validations().stream().map(ValidationRule::id).toList());
        assertEquals(Severity.WARN, m.validations().get(1).severity());
        assertEquals(Severity.ERROR, m.validations().get(0).severity());
        ValidationRule.Range range = assertInstanceOf(ValidationRule.Range.class, m.validations().get(2));
        assertEquals(new BigDecimal("0"), range.min());
        assertEquals(new BigDecimal("1e6"), range.max());
        assertEquals("2000-01-01", ((ValidationRule.Range) m.validations().get(3)).min());
        assertNull(((ValidationRule.Range) m.validations().get(3)).max());

        MappingSection orders = config.mappings().get(1);
        assertEquals("orders-salt", orders.maskSalt().reveal(), "a mapping's own salt wins over masking.salt");
        assertEquals(DeleteMode.IGNORE, orders.deletes());
        assertNull(orders.softDeleteColumn());
        assertEquals(new ColumnRule(null, true, null, null, null), orders.columns().get("note"));
    }

    @Test
    void buildsTheTransformMappingFromTheRules() throws ConfigException {
        FerryConfig config = parse(FULL, ENV);
        TableMapping t = new StageConfigs(config, Path.of("state")).tableMappings().get(0);

        assertEquals("entityId", t.targetColumn("id"));
        assertEquals("order", t.targetColumn("created"));
        assertEquals("is_deleted", t.softDeleteColumn());
        assertEquals(9, t.validations().size());
        assertTrue(t.filter() != null);
        assertEquals(List.of(new dev.ferry.transform.mapping.ColumnRule.MaskWith(new Mask(Mask.Kind.SHA256, "top-salt"))),
                t.columns().get("email"));
    }

    @Test
    void defaultsToHardDeletesAndTheDeletedColumnForSoftDeletes() throws ConfigException {
        MappingSection hard = parse(VALID + """
                mappings:
                  - {from: legacy.public.customers, to: newdb.clients}
                  - {from: legacy.public.orders, to: newdb.orders, delete: soft}
                """).mappings().get(0);
        assertEquals(DeleteMode.HARD, hard.deletes());
        assertNull(hard.filter());
        assertNull(hard.keep());
        assertEquals("deleted", parse(VALID + """
                mappings:
                  - {from: legacy.public.orders, to: newdb.orders, delete: soft}
                """).mappings().get(0).softDeleteColumn());
    }

    @Test
    void masksSaltsWhenPrinted() throws ConfigException {
        String printed = parse(FULL, ENV).toDisplayString();
        assertFalse(printed.contains("top-salt") || printed.contains("orders-salt"), printed);
        assertTrue(printed.contains("mask-salt: '****'"), printed);
        assertTrue(printed.contains("masking:\n  salt: '****'"), printed);
        assertTrue(printed.contains("""
                      - id: amount-range
                        rule: range
                        severity: error
                        column: amount
                        min: 0
                        max: 1000000
                """), printed);
        assertTrue(printed.contains("expression: status != 'paid' or amount is not null"), printed);
    }

    @Test
    void reportsEveryColumnRuleProblemWithItsPath() {
        assertEquals(List.of(
                        "mappings[0].columns.a.cast: unknown type 'varchar', expected one of: string, int, long, double,"
                                + " decimal(p,s), boolean, date, timestamp",
                        "mappings[0].columns.b.mask: unknown mask 'sha1', expected one of: sha256, redact, null",
                        "mappings[0].columns.c.mask: sha256 needs a salt: set mappings[0].mask-salt or masking.salt",
                        "mappings[0].columns.d.drop: a dropped column takes no other rule",
                        "mappings[0].columns.e.drop: must be true or false, got 'yes please'",
                        "mappings[0].columns.f.cast: decimal precision must be 1..1000 and scale 0..precision, got"
                                + " decimal(3,4)",
                        "mappings[0].columns.g.cast: expected a type, found a map"),
                problemsOf(VALID + """
                        mappings:
                          - from: legacy.public.customers
                            to: newdb.clients
                            columns:
                              a: {cast: varchar}
                              b: {mask: sha1}
                              c: {mask: sha256}
                              d: {drop: true, rename: x}
                              e: {drop: yes please}
                              f: {cast: "decimal(3,4)"}
                              g: {cast: {to: int}}
                        """));
    }

    @Test
    void reportsEveryMappingLevelProblemWithItsPath() {
        assertEquals(List.of(
                        "mappings[0].keep: expected a list of source column names, found a scalar value",
                        "mappings[0].add: expected a map of constant columns (column: value), found a list",
                        "mappings[0].filter: invalid expression: at position 26: expected a column or a value after '>',"
                                + " found end of expression",
                        "mappings[0].delete: must be one of hard, soft, ignore, got 'purge'",
                        "mappings[1].soft-delete-column: only applies with delete: soft",
                        "mappings[1].columns: column 'email' has rules but is not in keep, so it is not written",
                        "mappings[2].add: added column 'mail' collides with a mapped column of that name",
                        "mappings[2].soft-delete-column: column 'id' is already written by the mapping"),
                problemsOf(VALID + """
                        mappings:
                          - from: legacy.public.customers
                            to: newdb.clients
                            keep: id
                            add: [x]
                            filter: "status = 'x' and amount >"
                            delete: purge
                          - from: legacy.public.orders
                            to: newdb.orders
                            keep: [id, status]
                            soft-delete-column: gone
                            columns:
                              email: {rename: mail}
                          - from: legacy.public.orders
                            to: newdb.orders2
                            keep: [id, email]
                            add: {mail: x}
                            delete: soft
                            soft-delete-column: id
                            columns:
                              email: {rename: mail}
                        """));
    }

    @Test
    void reportsEveryValidationRuleProblemWithItsPath() {
        assertEquals(List.of(
                        "mappings[0].validate[0].rule: must be one of not-null, regex, range, max-length, one-of,"
                                + " max-row-bytes, castable, predicate, got 'unique'",
                        "mappings[0].validate[1]: rule is required (one of not-null, regex, range, max-length, one-of,"
                                + " max-row-bytes, castable, predicate)",
                        "mappings[0].validate[1].id: is required",
                        "mappings[0].validate[2].max: unknown key (expected one of: id, rule, severity, column, pattern)",
                        "mappings[0].validate[2].pattern: not a valid regular expression: Illegal character range near"
                                + " index 3",
                        "mappings[0].validate[3].id: rule id 'a' is already used by mappings[0].validate[2]",
                        "mappings[0].validate[4]: a range needs min, max or both",
                        "mappings[0].validate[5].max: must be an integer between 0 and 2147483647, got 'ten'",
                        "mappings[0].validate[6].values: must list at least one value",
                        "mappings[0].validate[7].severity: must be one of error, warn, got 'fatal'",
                        "mappings[0].validate[8].expression: invalid expression: at position 5: compare with null using"
                                + " 'is null' or 'is not null'",
                        "mappings[0].validate[9].to: unknown type 'money', expected one of: string, int, long, double,"
                                + " decimal(p,s), boolean, date, timestamp",
                        "mappings[0].validate[10].column: is required",
                        "mappings[0].validate[11].max: is required",
                        "mappings[1].validate: expected a list of validation rules ({id, rule, severity, ...}),"
                                + " found a map"),
                problemsOf(VALID + """
                        mappings:
                          - from: legacy.public.customers
                            to: newdb.clients
                            validate:
                              - {id: u, rule: unique, column: email}
                              - {column: email}
                              - {id: a, rule: regex, column: email, pattern: "[a-", max: 3}
                              - {id: a, rule: not-null, column: email}
                              - {id: r, rule: range, column: amount}
                              - {id: l, rule: max-length, column: name, max: ten}
                              - {id: o, rule: one-of, column: status, values: []}
                              - {id: s, rule: not-null, column: email, severity: fatal}
                              - {id: p, rule: predicate, expression: "a = null"}
                              - {id: c, rule: castable, column: amount, to: money}
                              - {id: n, rule: not-null}
                              - {id: b, rule: max-row-bytes}
                          - from: legacy.public.orders
                            to: newdb.orders
                            validate: {id: x}
                        """));
    }
}
