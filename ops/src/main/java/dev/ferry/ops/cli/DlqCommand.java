package dev.ferry.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.ops.config.ConfigException;
import dev.ferry.ops.dlq.DeadLetter;
import dev.ferry.ops.dlq.DeadLetterFile;
import dev.ferry.ops.dlq.DeadLetterFilter;
import dev.ferry.ops.dlq.DeadLetterJson;
import dev.ferry.ops.dlq.DeadLetters;
import dev.ferry.ops.dlq.Redriver;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.registry.RestSchemaRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry dlq list|show|export|redrive}: work on dead letters without writing code. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Inspect, export and re-drive dead letters.",
        subcommands = {DlqCommand.ListCommand.class, DlqCommand.ShowCommand.class, DlqCommand.ExportCommand.class,
                DlqCommand.RedriveCommand.class, DlqCommand.DiscardCommand.class})
public final class DlqCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        throw Refusal.usage("ferry dlq: say list, show, export, redrive or discard (ferry dlq --help)");
    }

    /** Options every dlq command shares: the config and which dead letters. */
    static final class Selection {

        @Mixin
        ConfigOption config;

        @Option(names = "--stage", description = "only dead letters of this stage: transform, sink or capture")
        String stage;

        @Option(names = "--table", description = "only this table (target table, or schema.table of the source)")
        String table;

        @Option(names = "--cause", description = "only this cause: validation, constraint, type, size, schema, decode, unknown")
        String cause;

        @Option(names = "--partition", description = "only this partition of the dead-letter topic")
        Integer partition;

        @Option(names = "--offsets", description = "only these offsets of the dead-letter topic: FROM-TO, FROM- or N")
        String offsets;

        /** @throws Refusal (exit 2) for an unknown stage or cause, or offsets that are not a range */
        DeadLetterFilter filter() {
            if (stage != null && !DeadLetterFilter.STAGES.contains(stage)) {
                throw Refusal.usage("ferry dlq: --stage: unknown stage '" + stage + "', expected one of: "
                        + String.join(", ", DeadLetterFilter.STAGES));
            }
            if (cause != null && !DeadLetterFilter.CAUSES.contains(cause)) {
                throw Refusal.usage("ferry dlq: --cause: unknown cause '" + cause + "', expected one of: "
                        + String.join(", ", DeadLetterFilter.CAUSES));
            }
            try {
                Long[] range = offsets == null ? new Long[]{null, null} : DeadLetterFilter.range(offsets);
                return new DeadLetterFilter(stage, table, cause, partition, range[0], range[1]);
            } catch (IllegalArgumentException e) {
                throw Refusal.usage("ferry dlq: --offsets: " + e.getMessage());
            }
        }

        @Option(names = "--all", description = "also dead letters already re-driven or discarded (default: pending ones only)")
        boolean all;

        /** The dead letters selected: pending ones only, unless {@code --all}. */
        void each(StageConfigs configs, java.util.function.Consumer<DeadLetter> each) {
            if (all) {
                new DeadLetters(configs).each(filter(), each);
            } else {
                new DeadLetters(configs).eachPending(filter(), each);
            }
        }

        List<DeadLetter> read(StageConfigs configs) {
            List<DeadLetter> letters = new java.util.ArrayList<>();
            each(configs, letters::add);
            letters.sort(java.util.Comparator.comparing(DeadLetter::topic).thenComparing(DeadLetter::partition)
                    .thenComparing(DeadLetter::offset));
            return letters;
        }

        /** The filter is checked first, so a bad option is refused before Kafka is asked anything. */
        StageConfigs configs() throws ConfigException {
            filter();
            return new StageConfigs(config.load(), Path.of(".ferry"));
        }
    }

    private static AvroCodec codec(StageConfigs configs) {
        return new AvroCodec(new RestSchemaRegistry(configs.kafka().schemaRegistry()));
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Count dead letters by stage, table, cause and rule.")
    static final class ListCommand implements Callable<Integer> {

        @Mixin
        Selection selection;

        @Option(names = "--json", description = "print the counts as one JSON document (see the README): "
                + "pendingOnly, total, groups[] (stage, table, cause, rule, count)")
        boolean json;

        @Override
        public Integer call() throws Exception {
            StageConfigs configs = selection.configs();
            Map<List<String>, Long> counts = new TreeMap<>(KEY_ORDER);
            selection.each(configs, d -> count(counts, d));
            if (json) {
                JsonOut.print(new Counts(!selection.all, counts.values().stream().mapToLong(Long::longValue).sum(),
                        counts.entrySet().stream().map(e -> new Group(e.getKey().get(0), e.getKey().get(1),
                                e.getKey().get(2), e.getKey().get(3), e.getValue())).toList()));
                return ExitCode.OK;
            }
            print(counts, System.out, selection.all ? "dead letters (pending, re-driven and discarded)" : "dead letters pending");
            return ExitCode.OK;
        }

        /**
         * What {@code dlq list --json} prints.
         *
         * @param pendingOnly false with {@code --all} (re-driven and discarded ones counted too)
         * @param total dead letters counted
         * @param groups one per stage, table, cause and rule, in that order
         */
        record Counts(boolean pendingOnly, long total, List<Group> groups) {
        }

        /** @param rule the rule reported ({@code ferry.rule}), or the cause where there is none */
        record Group(String stage, String table, String cause, String rule, long count) {
        }

        private static final java.util.Comparator<List<String>> KEY_ORDER =
                (a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b));

        private static void count(Map<List<String>, Long> counts, DeadLetter d) {
            counts.merge(List.of(d.stage(), d.table(), d.cause(), d.rule()), 1L, Long::sum);
        }

        static void print(List<DeadLetter> letters, PrintStream out) {
            Map<List<String>, Long> counts = new TreeMap<>(KEY_ORDER);
            letters.forEach(d -> count(counts, d));
            print(counts, out, "dead letters");
        }

        private static void print(Map<List<String>, Long> counts, PrintStream out, String what) {
            out.printf("%-10s %-30s %-12s %-20s %10s%n", "STAGE", "TABLE", "CAUSE", "RULE", "COUNT");
            counts.forEach((k, n) -> out.printf("%-10s %-30s %-12s %-20s %,10d%n", k.get(0), k.get(1), k.get(2), k.get(3), n));
            out.printf("%,d %s%n", counts.values().stream().mapToLong(Long::longValue).sum(), what);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print dead letters decoded to JSON, with their headers.")
    static final class ShowCommand implements Callable<Integer> {

        @Mixin
        Selection selection;

        @Option(names = "--limit", description = "print at most this many (default: ${DEFAULT-VALUE})")
        int limit = 20;

        @Override
        public Integer call() throws Exception {
            StageConfigs configs = selection.configs();
            List<DeadLetter> letters = selection.read(configs);
            DeadLetterJson json = new DeadLetterJson(codec(configs));
            var writer = JSON.writer().with(SerializationFeature.INDENT_OUTPUT);
            letters.stream().limit(limit).forEach(d -> {
                try {
                    System.out.println(writer.writeValueAsString(json.toJson(d)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            System.out.printf("%,d shown of %,d dead letters%n", Math.min(limit, letters.size()), letters.size());
            return ExitCode.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write dead letters decoded to a JSON Lines file (one record a line) to edit and re-drive.")
    static final class ExportCommand implements Callable<Integer> {

        @Mixin
        Selection selection;

        @Option(names = "--out", required = true, description = "the .jsonl file to write (replaced)")
        Path out;

        @Override
        public Integer call() throws Exception {
            StageConfigs configs = selection.configs();
            List<DeadLetter> letters = selection.read(configs);
            new DeadLetterFile(new DeadLetterJson(codec(configs))).write(out, letters);
            System.out.printf("exported %,d dead letters to %s%n", letters.size(), out);
            return ExitCode.OK;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Send dead letters back to the input of the stage that failed them (from the "
                    + "dead-letter topics, or from an edited export with --from-file). Each goes back once, "
                    + "unless --again.")
    static final class RedriveCommand implements Callable<Integer> {

        @Mixin
        Selection selection;

        @Option(names = "--from-file", description = "re-drive the records of this exported (and edited) .jsonl file")
        Path fromFile;

        @Option(names = "--again", description = "also send dead letters that were re-driven before")
        boolean again;

        @Option(names = "--dry-run", description = "only say what would be sent")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            StageConfigs configs = selection.configs();
            List<DeadLetter> letters;
            if (fromFile == null) {
                letters = new DeadLetters(configs).read(selection.filter());
            } else {
                letters = readFile(configs);
            }
            if (dryRun) {
                ListCommand.print(letters, System.out);
                System.out.println("dry run: nothing sent");
                return ExitCode.OK;
            }
            Redriver.Result result;
            try {
                Redriver redriver = new Redriver(configs.kafka());
                result = fromFile == null ? redriver.redrive(letters, again, "the dead-letter topic", System.out::println)
                        : redriver.redriveEdited(letters, again, fromFile.toString(),
                                new DeadLetterJson(codec(configs))::toJson, System.out::println);
            } catch (IllegalStateException e) {
                throw Refusal.failed("ferry dlq redrive: " + e.getMessage());
            }
            System.out.printf("redrive: %,d sent back, %,d skipped as already re-driven (--again sends them), "
                    + "%,d skipped without origin topic%n", result.sent(), result.alreadyRedriven(), result.withoutOrigin());
            if (result.superseded() > 0) {
                System.out.printf("redrive: %,d not sent because a newer change of their row came after them (an older"
                        + " change never overwrites a newer one); recorded as discarded%n", result.superseded());
            }
            if (result.tooLarge() > 0) {
                System.out.printf("redrive: %,d skipped as too large for Kafka (stage capture; they hold only the key):"
                        + " raise kafka.max-record-bytes and run ferry snapshot for their tables%n", result.tooLarge());
            }
            return ExitCode.OK;
        }

        private List<DeadLetter> readFile(StageConfigs configs) throws IOException {
            DeadLetterFile.Read read = new DeadLetterFile(new DeadLetterJson(codec(configs))).read(fromFile, selection.filter());
            if (!read.ok()) {
                read.problems().forEach(System.err::println);
                throw Refusal.usage("ferry dlq redrive: nothing sent; fix the lines above");
            }
            return read.letters();
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = "Mark the selected pending dead letters discarded, with a reason: they no longer count as "
                    + "pending (dlq list, status, cutover) and are not re-driven. The records stay in their topic.")
    static final class DiscardCommand implements Callable<Integer> {

        @Mixin
        Selection selection;

        @Option(names = "--reason", required = true, description = "why they need not reach the target (recorded with each)")
        String reason;

        @Override
        public Integer call() throws Exception {
            if (reason.isBlank()) {
                throw Refusal.usage("ferry dlq discard: --reason must say why");
            }
            StageConfigs configs = selection.configs();
            List<DeadLetter> letters = selection.read(configs);
            int discarded;
            try {
                discarded = new Redriver(configs.kafka()).discard(letters, reason);
            } catch (IllegalStateException e) {
                throw Refusal.failed("ferry dlq discard: " + e.getMessage());
            }
            System.out.printf("discarded %,d dead letters: %s%n", discarded, reason);
            return ExitCode.OK;
        }
    }
}
