package dev.ferry.ops.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The examples at the end of each command's {@code --help}, in one place, and the help's width:
 * the terminal's (picocli's auto width), so long lines wrap where the terminal does instead of at
 * 80 columns.
 */
public final class CommandHelp {

    /** Per command ({@code ferry dlq list}), its examples: a comment line then the command. */
    static final Map<String, List<String>> EXAMPLES = new LinkedHashMap<>();

    static {
        add("ferry", "ferry check --config ferry.yaml", "ferry run --config ferry.yaml",
                "ferry status --config ferry.yaml", "ferry cutover --config ferry.yaml --freeze-source");
        add("ferry check", "ferry check --config ferry.yaml", "FERRY_CONFIG=ferry.yaml ferry check --json");
        add("ferry run", "ferry run --config ferry.yaml", "ferry run --config ferry.yaml --stage sink --http-port 8081",
                "ferry run --config ferry.yaml --source legacy --stage capture");
        add("ferry status", "ferry status --config ferry.yaml", "ferry status --config ferry.yaml --json",
                "ferry status --config ferry.yaml --url http://ferry.internal:8080/status");
        add("ferry verify", "ferry verify --config ferry.yaml", "ferry verify --config ferry.yaml --table fresh.orders --json");
        add("ferry cutover", "ferry cutover --config ferry.yaml --freeze-source --report-dir reports",
                "ferry cutover --config ferry.yaml --json", "ferry cutover --config ferry.yaml --finish --quiet 60",
                "ferry cutover --config ferry.yaml --release-source");
        add("ferry dlq", "ferry dlq list --config ferry.yaml", "ferry dlq show --config ferry.yaml --cause constraint");
        add("ferry dlq list", "ferry dlq list --config ferry.yaml", "ferry dlq list --config ferry.yaml --stage sink --json",
                "ferry dlq list --config ferry.yaml --all");
        add("ferry dlq show", "ferry dlq show --config ferry.yaml --cause validation --limit 5",
                "ferry dlq show --config ferry.yaml --stage sink --partition 0 --offsets 100-200");
        add("ferry dlq export", "ferry dlq export --config ferry.yaml --table customers --out dead.jsonl");
        add("ferry dlq redrive", "ferry dlq redrive --config ferry.yaml --from-file dead.jsonl",
                "ferry dlq redrive --config ferry.yaml --stage transform --dry-run");
        add("ferry dlq discard", "ferry dlq discard --config ferry.yaml --cause validation --table customers "
                + "--reason \"test rows, not migrated\"");
        add("ferry replay", "ferry replay --config ferry.yaml --target fresh",
                "ferry replay --config ferry.yaml --target fresh --into rehearsal --from 2026-01-31T00:00:00Z",
                "ferry replay --config ferry.yaml --transform");
        add("ferry snapshot", "ferry snapshot --config ferry.yaml --source legacy --table public.orders");
        add("ferry demo", "ferry demo", "ferry demo --rows 10000 --changes 2000 --keep");
        add("ferry bench", "ferry bench snapshot --rows 1000000", "ferry bench stream --rate 1000 --rate 3000");
        add("ferry bench snapshot", "ferry bench snapshot --rows 1000000 --partitions 6");
        add("ferry bench sink", "ferry bench sink --rows 500000 --target mariadb --batch-size 5000");
        add("ferry bench verify", "ferry bench verify --rows 1000000");
        add("ferry bench stream", "ferry bench stream --rate 1000 --rate 3000 --seconds 30");
    }

    private CommandHelp() {
    }

    private static void add(String command, String... examples) {
        EXAMPLES.put(command, List.of(examples));
    }

    /** Sets the examples and the width of {@code root} and of every command under it. */
    public static CommandLine apply(CommandLine root) {
        root.setUsageHelpAutoWidth(true);
        apply(root, root.getCommandName());
        return root;
    }

    private static void apply(CommandLine command, String qualified) {
        List<String> examples = EXAMPLES.get(qualified);
        if (examples != null) {
            CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
            usage.footerHeading("%nExamples:%n");
            usage.footer(examples.stream().map(e -> "  " + e.replace("%", "%%")).toArray(String[]::new));
        }
        command.getSubcommands().forEach((name, sub) -> apply(sub, qualified + " " + name));
    }
}
