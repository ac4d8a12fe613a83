package dev.ferry.capture;

/** The kinds of source database capture can read. */
public enum SourceType {
    POSTGRES,
    MARIADB,
    MYSQL
}
