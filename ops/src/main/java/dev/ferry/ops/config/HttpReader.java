package dev.ferry.ops.config;

import java.util.Optional;

/** Reads the optional {@code http:} section; absent means {@link HttpSection#DEFAULT}. */
final class HttpReader {

    private HttpReader() {
    }

    static Optional<HttpSection> read(ConfigNode node) {
        if (node.isMissing()) {
            return Optional.of(HttpSection.DEFAULT);
        }
        Optional<ConfigNode.Fields> opened = node.fields("port");
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        return opened.get().get("port").optionalInt(HttpSection.DEFAULT_PORT, 0, 65535).map(HttpSection::new);
    }
}
