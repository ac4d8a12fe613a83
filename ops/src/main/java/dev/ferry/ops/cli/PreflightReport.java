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

    static String problems(long n) {
        return n + (n == 1 ? " problem" : " problems");
    }
}
