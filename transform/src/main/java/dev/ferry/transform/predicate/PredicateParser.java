package dev.ferry.transform.predicate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the predicate language of {@code filter:} and {@code predicate} rules.
 *
 * <pre>
 * expr     := and ('or' and)*
 * and      := unary ('and' unary)*
 * unary    := 'not' unary | '(' expr ')' | test
 * test     := operand (op operand | 'is' ['not'] 'null' | ['not'] 'in' '(' literal (',' literal)* ')')?
 * operand  := column | literal
 * column   := [A-Za-z_][A-Za-z0-9_]* | "any name" ("" inside for a quote)
 * literal  := 'text' ('' inside for a quote) | number | true | false | null
 * op       := = | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
 * </pre>
 *
 * Keywords are case-insensitive. A column on its own ({@code active}) means {@code active = true}.
 * Comparing with {@code null} is refused (write {@code is null}).
 */
public final class PredicateParser {

    private final List<Token> tokens;
    private int next;

    private PredicateParser(String text) {
        this.tokens = new Lexer(text).tokens();
    }

    /**
     * @return the parsed predicate; never null
     * @throws PredicateSyntaxException naming the position and what was expected
     */
    public static Predicate parse(String expression) {
        PredicateParser p = new PredicateParser(expression);
        if (p.peek().kind == Kind.END) {
            throw new PredicateSyntaxException(1, "empty expression");
        }
        Predicate result = p.or();
        Token end = p.peek();
        if (end.kind != Kind.END) {
            throw p.error(end, "expected 'and', 'or' or the end of the expression");
        }
        return result;
    }

    private Predicate or() {
        Predicate left = and();
        while (keyword(peek(), "or")) {
            next++;
            left = new Predicate.Or(left, and());
        }
        return left;
    }

    private Predicate and() {
        Predicate left = unary();
        while (keyword(peek(), "and")) {
            next++;
            left = new Predicate.And(left, unary());
        }
        return left;
    }

    private Predicate unary() {
        Token t = peek();
        if (keyword(t, "not")) {
            next++;
            return new Predicate.Not(unary());
        }
        if (t.kind == Kind.OPEN) {
            next++;
            Predicate inner = or();
            expect(Kind.CLOSE, "')'");
            return inner;
        }
        return test();
    }

    private Predicate test() {
        Token first = peek();
        Predicate.Operand left = operand("a column or a value");
        Token t = peek();
        if (t.kind == Kind.OP) {
            next++;
            Predicate.Operand right = operand("a column or a value after '" + t.text + "'");
            if (left instanceof Predicate.Operand.Literal && right instanceof Predicate.Operand.Literal) {
                throw error(first, "a comparison needs at least one column");
            }
            return new Predicate.Compare(left, op(t.text), right);
        }
        if (keyword(t, "is")) {
            next++;
            boolean negated = false;
            if (keyword(peek(), "not")) {
                next++;
                negated = true;
            }
            Token n = peek();
            if (!keyword(n, "null")) {
                throw error(n, "expected 'null' after 'is" + (negated ? " not" : "") + "'");
            }
            next++;
            return new Predicate.IsNull(column(left, first, "is null"), negated);
        }
        boolean negated = false;
        if (keyword(t, "not") && keyword(peekAt(1), "in")) {
            next++;
            negated = true;
            t = peek();
        }
        if (keyword(t, "in")) {
            next++;
            return new Predicate.In(column(left, first, "in"), list(), negated);
        }
        if (left instanceof Predicate.Operand.Column c) {
            return new Predicate.Compare(c, Predicate.Op.EQ, new Predicate.Operand.Literal(Boolean.TRUE));
        }
        throw error(t, "expected a comparison, 'is null' or 'in' after a value");
    }

    private List<Object> list() {
        expect(Kind.OPEN, "'(' after 'in'");
        List<Object> values = new ArrayList<>();
        do {
            Token t = peek();
            Predicate.Operand o = operand("a value in the list");
            if (!(o instanceof Predicate.Operand.Literal l)) {
                throw error(t, "'in' lists hold values, not columns");
            }
            values.add(l.value());
        } while (accept(Kind.COMMA));
        expect(Kind.CLOSE, "',' or ')'");
        return values;
    }

    private Predicate.Operand operand(String expected) {
        Token t = peek();
        switch (t.kind) {
            case IDENT -> {
                String lower = t.text.toLowerCase(Locale.ROOT);
                switch (lower) {
                    case "true", "false" -> {
                        next++;
                        return new Predicate.Operand.Literal(Boolean.valueOf(lower));
                    }
                    case "null" -> throw error(t, "compare with null using 'is null' or 'is not null'");
                    case "and", "or", "not", "is", "in" -> throw error(t, "expected " + expected + ", found '" + t.text + "'");
                    default -> {
                        next++;
                        return new Predicate.Operand.Column(t.text);
                    }
                }
            }
            case QUOTED_IDENT -> {
                next++;
                return new Predicate.Operand.Column(t.text);
            }
            case STRING -> {
                next++;
                return new Predicate.Operand.Literal(t.text);
            }
            case NUMBER -> {
                next++;
                return new Predicate.Operand.Literal(new BigDecimal(t.text));
            }
            default -> throw error(t, "expected " + expected + ", found " + describe(t));
        }
    }

    private String column(Predicate.Operand o, Token at, String what) {
        if (o instanceof Predicate.Operand.Column c) {
            return c.name();
        }
        throw error(at, "'" + what + "' needs a column on its left");
    }

    private static Predicate.Op op(String symbol) {
        return switch (symbol) {
            case "=" -> Predicate.Op.EQ;
            case "!=", "<>" -> Predicate.Op.NE;
            case "<" -> Predicate.Op.LT;
            case "<=" -> Predicate.Op.LE;
            case ">" -> Predicate.Op.GT;
            case ">=" -> Predicate.Op.GE;
            default -> throw new IllegalStateException(symbol);
        };
    }

    private boolean accept(Kind kind) {
        if (peek().kind == kind) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(Kind kind, String what) {
        Token t = peek();
        if (t.kind != kind) {
            throw error(t, "expected " + what + ", found " + describe(t));
        }
        next++;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private static boolean keyword(Token t, String word) {
        return t.kind == Kind.IDENT && t.text.equalsIgnoreCase(word);
    }

    private PredicateSyntaxException error(Token t, String message) {
        return new PredicateSyntaxException(t.position + 1, message);
    }

    private static String describe(Token t) {
        return t.kind == Kind.END ? "end of expression" : "'" + t.source + "'";
    }

    private enum Kind { IDENT, QUOTED_IDENT, STRING, NUMBER, OP, OPEN, CLOSE, COMMA, END }

    /** @param text the value (unquoted); @param source as written; @param position 0-based */
    private record Token(Kind kind, String text, String source, int position) {
    }

    private static final class Lexer {
        private final String s;
        private int i;

        Lexer(String s) {
            this.s = s;
        }

        List<Token> tokens() {
            List<Token> out = new ArrayList<>();
            while (true) {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i >= s.length()) {
                    out.add(new Token(Kind.END, "", "", s.length()));
                    return out;
                }
                out.add(token());
            }
        }

        private Token token() {
            int start = i;
            char c = s.charAt(i);
            if (c == '(' || c == ')' || c == ',') {
                i++;
                Kind k = c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA;
                return new Token(k, String.valueOf(c), String.valueOf(c), start);
            }
            if (c == '\'' || c == '"') {
                String value = quoted(c);
                return new Token(c == '\'' ? Kind.STRING : Kind.QUOTED_IDENT, value, s.substring(start, i), start);
            }
            if ("=!<>".indexOf(c) >= 0) {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (two.equals("!=") || two.equals("<=") || two.equals(">=") || two.equals("<>")) {
                    i += 2;
                    return new Token(Kind.OP, two, two, start);
                }
                if (c == '!') {
                    throw new PredicateSyntaxException(start + 1, "unexpected '!' (did you mean '!='?)");
                }
                i++;
                return new Token(Kind.OP, String.valueOf(c), String.valueOf(c), start);
            }
            if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < s.length()
                    && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.'))) {
                i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.'
                        || ((s.charAt(i) == '-' || s.charAt(i) == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')))) {
                    i++;
                }
                String number = s.substring(start, i);
                try {
                    new BigDecimal(number);
                } catch (NumberFormatException e) {
                    throw new PredicateSyntaxException(start + 1, "'" + number + "' is not a number");
                }
                return new Token(Kind.NUMBER, number, number, start);
            }
            if (Character.isLetter(c) || c == '_') {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                String word = s.substring(start, i);
                return new Token(Kind.IDENT, word, word, start);
            }
            throw new PredicateSyntaxException(start + 1, "unexpected character '" + c + "'");
        }

        private String quoted(char quote) {
            int start = i;
            i++;
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == quote) {
                    if (i < s.length() && s.charAt(i) == quote) {
                        b.append(quote);
                        i++;
                    } else {
                        return b.toString();
                    }
                } else {
                    b.append(c);
                }
            }
            throw new PredicateSyntaxException(start + 1, (quote == '\'' ? "text" : "quoted column name")
                    + " is not closed (missing " + quote + ")");
        }
    }
}
