package dev.ferry.ops.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one YAML document into a Jackson {@link JsonNode} tree in which every scalar is kept
 * exactly as written.
 *
 * <p>Contract:
 * <ul>
 *   <li>Maps become {@link ObjectNode}s (key order preserved), sequences {@link ArrayNode}s,
 *       YAML nulls ({@code ~}, {@code null}, an empty value) {@link NullNode}, and every other
 *       scalar a text node holding its source text: {@code 0123}, {@code 1.10}, {@code no} and
 *       {@code 0x1F} stay strings instead of being turned into numbers or booleans, so no value is
 *       silently altered. Typed readers convert text later.</li>
 *   <li>Aliases ({@code *name}) of anchored maps and lists ({@code &name}) are expanded. Jackson
 *       does not expose anchors on single values, so an alias of a scalar is reported as an
 *       error rather than silently read as the text {@code name}.</li>
 *   <li>Duplicate keys, undefined aliases, a second document and malformed YAML are reported as
 *       an {@link InvalidYamlException} whose message starts with {@code line L, column C:}.</li>
 *   <li>An empty document (nothing but comments) yields {@link Optional#empty()}.</li>
 * </ul>
 */
final class YamlTreeReader {

    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** snakeyaml's marked messages end each part with {@code " in 'reader', line L, column C:"}. */
    private static final Pattern MARK = Pattern.compile("^\\s*in '.*', line (\\d+), column (\\d+):?\\s*$");

    private final YAMLParser parser;
    private final Map<String, JsonNode> anchors = new HashMap<>();

    private YamlTreeReader(YAMLParser parser) {
        this.parser = parser;
    }

    /**
     * Parses {@code yaml}.
     *
     * @return the document's root node, or empty if the document holds no value at all
     * @throws InvalidYamlException if the text is not a single well-formed YAML document
     */
    static Optional<JsonNode> read(String yaml) throws InvalidYamlException {
        try (YAMLParser parser = FACTORY.createParser(yaml)) {
            YamlTreeReader reader = new YamlTreeReader(parser);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.empty();
            }
            JsonNode root = reader.readValue(first);
            if (parser.nextToken() != null) {
                throw reader.error("only one YAML document is allowed, found a second one");
            }
            return root.isNull() ? Optional.empty() : Optional.of(root);
        } catch (JsonProcessingException e) {
            throw syntaxError(e);
        } catch (IOException e) {
            // Reading from a String cannot fail with a plain I/O error; keep the cause anyway.
            throw new InvalidYamlException("cannot parse YAML: " + e.getMessage());
        }
    }

    private JsonNode readValue(JsonToken token) throws IOException, InvalidYamlException {
        String anchor = token == JsonToken.FIELD_NAME ? null : parser.getObjectId();
        JsonNode node;
        switch (token) {
            case START_OBJECT:
                node = readObject();
                break;
            case START_ARRAY:
                node = readArray();
                break;
            case VALUE_NULL:
                node = NullNode.getInstance();
                break;
            default:
                if (parser.isCurrentAlias()) {
                    node = resolveAlias(parser.getText());
                } else {
                    node = NODES.textNode(parser.getText());
                }
        }
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private ObjectNode readObject() throws IOException, InvalidYamlException {
        ObjectNode object = NODES.objectNode();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (object.has(key)) {
                throw error("duplicate key '" + key + "'");
            }
            object.set(key, readValue(parser.nextToken()));
        }
        if (token != JsonToken.END_OBJECT) {
            throw error(token == null ? "unexpected end of document" : "unexpected " + token);
        }
        return object;
    }

    private ArrayNode readArray() throws IOException, InvalidYamlException {
        ArrayNode array = NODES.arrayNode();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw error("unexpected end of document");
            }
            array.add(readValue(token));
        }
        return array;
    }

    private JsonNode resolveAlias(String name) throws InvalidYamlException {
        JsonNode target = anchors.get(name);
        if (target == null) {
            throw error("alias *" + name + " does not refer to a map or list anchored earlier"
                    + " (anchors on single values are not supported)");
        }
        return target.deepCopy();
    }

    private InvalidYamlException error(String message) {
        JsonLocation at = parser.currentTokenLocation();
        return new InvalidYamlException(position(at.getLineNr(), at.getColumnNr()) + message);
    }

    /**
     * Turns a parser exception into one line. snakeyaml messages look like
     * {@code "while scanning a simple key\n in 'reader', line 2, column 1:\n ...\ncould not find
     * expected ':'\n in 'reader', line 3, column 1:\n ..."}: the problem is the text before the
     * last mark, the context (if any) the text before the first one.
     */
    private static InvalidYamlException syntaxError(JsonProcessingException e) {
        String[] lines = String.valueOf(e.getOriginalMessage()).split("\\R");
        int lastMark = -1;
        int firstMark = -1;
        for (int i = 0; i < lines.length; i++) {
            if (MARK.matcher(lines[i]).matches()) {
                lastMark = i;
                firstMark = firstMark < 0 ? i : firstMark;
            }
        }
        if (lastMark < 1) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : position(at.getLineNr(), at.getColumnNr());
            return new InvalidYamlException(where + "invalid YAML: " + lines[0].trim());
        }
        Matcher mark = MARK.matcher(lines[lastMark]);
        mark.matches();
        StringBuilder message = new StringBuilder()
                .append(position(Integer.parseInt(mark.group(1)), Integer.parseInt(mark.group(2))))
                .append("invalid YAML: ")
                .append(lines[lastMark - 1].trim());
        if (firstMark != lastMark && firstMark >= 1) {
            Matcher context = MARK.matcher(lines[firstMark]);
            context.matches();
            message.append(" (").append(lines[firstMark - 1].trim())
                    .append(" at line ").append(context.group(1))
                    .append(", column ").append(context.group(2)).append(')');
        } else if (lastMark >= 2 && !lines[0].isBlank() && !lines[0].startsWith(" ")) {
            message.append(" (").append(lines[0].trim()).append(')');
        }
        return new InvalidYamlException(message.toString());
    }

    private static String position(int line, int column) {
        return line > 0 ? "line " + line + ", column " + column + ": " : "";
    }

    /** The text is not one well-formed YAML document; the message is a complete problem line. */
    static final class InvalidYamlException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidYamlException(String message) {
            super(message);
        }
    }
}
