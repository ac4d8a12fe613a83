package dev.ferry.ops.cli;

import dev.ferry.ops.check.Preflight;
import java.io.PrintStream;
import java.util.List;

/** How {@code check} and {@code run} print the preflight: one line per part, {@code ok} or {@code FAIL} with what to change. */
final class PreflightReport {

    private PreflightReport() {
    }

    static void print(Preflight.Outcome o, PrintStream out) {
        String head = String.format("%-16s %s: ", o.subject(), o.address());
        if (o.ok()) {
            out.println(head + "ok");
        } else {
            o.problems().forEach(p -> out.println(head + "FAIL " + p));
        }
    }

    /** Problems of {@code kind} among {@code outcomes}. */
    static long count(List<Preflight.Outcome> outcomes, Preflight.Kind kind) {
        return outcomes.stream().filter(o -> o.kind() == kind).mapToLong(o -> o.problems().size()).sum();
    }

    /**
     * What {@code ferry check --json} prints.
     *
     * @param config the file checked
     * @param ready true when no part has a problem
     * @param problems the problems of every part
     * @param parts one per part checked, in the order checked
     */
    record Document(String config, boolean ready, long problems, List<Part> parts) {
    }

    /**
     * @param subject {@code kafka}, {@code registry}, {@code source NAME}, {@code mappings NAME} or {@code target NAME}
     * @param kind what the problems are: {@code config} (exit 2), {@code environment}, {@code unreachable}; null when ok
     * @param problems what to change, one line each; empty when ok
     */
    record Part(String subject, String address, boolean ok, String kind, List<String> problems) {
    }

    static Document document(String config, List<Preflight.Outcome> outcomes) {
        List<Part> parts = outcomes.stream().map(o -> new Part(o.subject(), o.address(), o.ok(),
                o.ok() ? null : o.kind().name().toLowerCase(java.util.Locale.ROOT), o.problems())).toList();
        long problems = outcomes.stream().mapToLong(o -> o.problems().size()).sum();
        return new Document(config, problems == 0, problems, parts);
    }

    static String problems(long n) {
        return n + (n == 1 ? " problem" : " problems");
    }
}
