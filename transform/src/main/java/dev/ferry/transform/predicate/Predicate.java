package dev.ferry.transform.predicate;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A boolean expression over the columns of one row, as written in {@code filter:} and in
 * {@code predicate} validation rules: comparisons ({@code = != < <= > >=}) between columns and
 * literals, {@code is [not] null}, {@code [not] in (...)}, {@code and}, {@code or}, {@code not}
 * and parentheses. Parse one with {@link PredicateParser#parse}.
 *
 * <p>Semantics: a comparison involving NULL is false (test NULL with {@code is null}); values of
 * different kinds are compared after converting the literal to the column's kind (a number, a
 * date, a timestamp); when that is impossible the comparison is false. See {@link Values}.
 */
public sealed interface Predicate {

    /** Evaluates the predicate on {@code row}. Never throws for any row. */
    boolean test(Row row);

    /** The columns the predicate reads. */
    default Set<String> columns() {
        Set<String> out = new HashSet<>();
        collect(this, out);
        return out;
    }

    private static void collect(Predicate p, Set<String> out) {
        if (p instanceof Compare c) {
            if (c.left() instanceof Operand.Column l) {
                out.add(l.name());
            }
            if (c.right() instanceof Operand.Column r) {
                out.add(r.name());
            }
        } else if (p instanceof IsNull n) {
            out.add(n.column());
        } else if (p instanceof In in) {
            out.add(in.column());
        } else if (p instanceof And a) {
            collect(a.left(), out);
            collect(a.right(), out);
        } else if (p instanceof Or o) {
            collect(o.left(), out);
            collect(o.right(), out);
        } else if (p instanceof Not n) {
            collect(n.inner(), out);
        }
    }

    /** Comparison operators. */
    enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(int comparison) {
            return switch (this) {
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
            };
        }
    }

    /** One side of a comparison. */
    sealed interface Operand {
        Object value(Row row);

        /** A column, by its source name. */
        record Column(String name) implements Operand {
            @Override
            public Object value(Row row) {
                return row.value(name);
            }
        }

        /** A literal: String, BigDecimal or Boolean (never null: {@code = null} is refused by the parser). */
        record Literal(Object value) implements Operand {
            public Literal {
                Objects.requireNonNull(value, "value");
            }

            @Override
            public Object value(Row row) {
                return value;
            }
        }
    }

    /** {@code left op right}. */
    record Compare(Operand left, Op op, Operand right) implements Predicate {
        @Override
        public boolean test(Row row) {
            Integer c = Values.compare(left.value(row), right.value(row));
            return c != null && op.holds(c);
        }
    }

    /** {@code column is null} or, negated, {@code column is not null}. */
    record IsNull(String column, boolean negated) implements Predicate {
        @Override
        public boolean test(Row row) {
            return (row.value(column) == null) != negated;
        }
    }

    /** {@code column in (v1, v2, ...)} or, negated, {@code column not in (...)}; NULL is in nothing and not in nothing. */
    record In(String column, List<Object> values, boolean negated) implements Predicate {
        public In {
            values = List.copyOf(values);
        }

        @Override
        public boolean test(Row row) {
            Object v = row.value(column);
            if (v == null) {
                return false;
            }
            boolean found = values.stream().anyMatch(candidate -> {
                Integer c = Values.compare(v, candidate);
                return c != null && c == 0;
            });
            return found != negated;
        }
    }

    record And(Predicate left, Predicate right) implements Predicate {
        @Override
        public boolean test(Row row) {
            return left.test(row) && right.test(row);
        }
    }

    record Or(Predicate left, Predicate right) implements Predicate {
        @Override
        public boolean test(Row row) {
            return left.test(row) || right.test(row);
        }
    }

    record Not(Predicate inner) implements Predicate {
        @Override
        public boolean test(Row row) {
            return !inner.test(row);
        }
    }
}
