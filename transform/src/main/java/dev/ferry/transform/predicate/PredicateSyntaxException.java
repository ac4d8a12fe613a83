package dev.ferry.transform.predicate;

/**
 * A predicate expression that cannot be parsed. The message names the position (1-based
 * character) and what was expected, for example
 * {@code at position 14: expected a value after '>', found end of expression}.
 */
public final class PredicateSyntaxException extends IllegalArgumentException {

    private final int position;

    PredicateSyntaxException(int position, String message) {
        super("at position " + position + ": " + message);
        this.position = position;
    }

    /** 1-based character position of the problem in the expression. */
    public int position() {
        return position;
    }
}
