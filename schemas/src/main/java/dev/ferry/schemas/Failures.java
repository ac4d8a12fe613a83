package dev.ferry.schemas;

/** How Ferry words a failure for people: shared by every module, so all messages read alike. */
public final class Failures {

    private Failures() {
    }

    /**
     * The failure's message, and its innermost cause when that says more (a driver's "connection
     * attempt failed" hides an unknown host; an HTTP client's connect error has no message at all).
     */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return root == e ? message : message + " (" + root + ")";
    }
}
