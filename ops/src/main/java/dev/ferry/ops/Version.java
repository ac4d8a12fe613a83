package dev.ferry.ops;

/** Ferry's version, as {@code ferry --version} and the dashboard show it. */
public final class Version {

    public static final String NUMBER = "0.1.0";

    private Version() {
    }
}
