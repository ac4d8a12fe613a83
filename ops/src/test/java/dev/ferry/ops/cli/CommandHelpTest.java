package dev.ferry.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help ends with examples that parse, and the command list shows whole sentences. */
class CommandHelpTest {

    @Test
    void everyCommandHasExamplesAndEveryExampleIsAValidCommandLine() {
        Map<String, CommandLine> commands = commands();
        assertEquals(commands.keySet(), CommandHelp.EXAMPLES.keySet());
        CommandHelp.EXAMPLES.forEach((command, examples) -> {
            assertTrue(!examples.isEmpty(), command);
            for (String line : examples) {
                String example = line.replaceFirst("^FERRY_CONFIG=\\S+ ", "");
                assertTrue(example.startsWith(command) || commands.get(command).getSubcommands().keySet().stream()
                        .anyMatch(sub -> example.startsWith(command + " " + sub)), command + ": " + example);
                String[] args = words(example.replaceFirst("^ferry ?", ""));
                // Parsing only: unknown options, missing values and bad types fail here; nothing runs.
                Main.commandLine().parseArgs(args);
            }
        });
    }

    @Test
    void helpEndsWithTheExamples() {
        String help = help("dlq", "list", "--help");
        assertTrue(help.contains("Examples:\n  ferry dlq list --config ferry.yaml\n"), help);
        assertTrue(help.contains("--json"), help);
    }

    @Test
    void theCommandListShowsEachCommandsWholeFirstSentence() {
        String help = help("--help");
        for (CommandLine sub : new CommandLine(new Main()).getSubcommands().values()) {
            String first = sub.getCommandSpec().usageMessage().description()[0];
            assertTrue(first.endsWith(".") || first.endsWith(")"), sub.getCommandName() + ": '" + first + "'");
            assertTrue(help.replaceAll("\\s+", " ").contains(first), help);
        }
    }

    private static Map<String, CommandLine> commands() {
        Map<String, CommandLine> all = new LinkedHashMap<>();
        List<Map.Entry<String, CommandLine>> todo = new ArrayList<>(List.of(Map.entry("ferry", new CommandLine(new Main()))));
        while (!todo.isEmpty()) {
            var next = todo.remove(0);
            all.put(next.getKey(), next.getValue());
            next.getValue().getSubcommands().forEach((name, sub) -> todo.add(Map.entry(next.getKey() + " " + name, sub)));
        }
        return all;
    }

    /** Splits a command line into words, keeping "double quoted" words whole. */
    private static String[] words(String line) {
        List<String> words = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return words.toArray(String[]::new);
    }

    private static String help(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.execute(args);
        return out.toString();
    }
}
