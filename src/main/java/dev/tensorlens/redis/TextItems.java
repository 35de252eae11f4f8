package dev.tensorlens.redis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tensorlens.tensor.codec.Format;
import dev.tensorlens.tensor.codec.JsonCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A whole text value as the items of a list view: a JSON list's items (each as its JSON text, strings unquoted), a JSON
 * object pretty-printed one line an item, or the lines of plain text. Only where each item starts and ends is kept
 * beside the value's bytes, and items become strings a page at a time: a 64 MB JSON list of ten million numbers costs
 * two int arrays, not ten million strings.
 */
final class TextItems {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // json.dumps writes NaN and Infinity
            .build();
    /** The end of an item that is a JSON string: found again when it is shown, by parsing it. */
    private static final int STRING = -1;

    private final String format;
    private final byte[] text;
    private final int[] starts;
    private final int[] ends;
    private final int count;
    private final boolean json;

    private TextItems(String format, byte[] text, int[] starts, int[] ends, int count, boolean json) {
        this.format = format;
        this.text = text;
        this.starts = starts;
        this.ends = ends;
        this.count = count;
        this.json = json;
    }

    /** The items of a UTF-8 value: a JSON list, a JSON object, else lines. */
    static TextItems of(byte[] value) {
        int first = 0;
        while (first < value.length && Character.isWhitespace(value[first])) {
            first++;
        }
        if (first < value.length && value[first] == '[') {
            TextItems list = jsonList(value);
            if (list != null) {
                return list;
            }
        }
        if (first < value.length && value[first] == '{' && value.length <= JsonCodec.MAX_JSON_BYTES) {
            try {
                JsonNode tree = JSON.readTree(value);
                return lines(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree), Format.JSON.id());
            } catch (IOException notJson) {
                // shown as the text it is
            }
        }
        return lines(value, "text");
    }

    String format() {
        return format;
    }

    int size() {
        return count;
    }

    /** Items {@code [from, from + n)}, as many of them as there are. */
    List<String> page(long from, int n) {
        List<String> page = new ArrayList<>();
        for (long i = Math.max(0, from); i < Math.min(count, from + Math.max(0, n)); i++) {
            page.add(item((int) i));
        }
        return page;
    }

    private String item(int i) {
        if (json && ends[i] == STRING) {
            try (JsonParser p = JSON.createParser(text, starts[i], text.length - starts[i])) {
                p.nextToken();
                return p.getText();
            } catch (IOException e) {
                return "(unreadable string: " + e.getMessage() + ")";
            }
        }
        return new String(text, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    }

    /** The top-level items of a JSON list, or null when the value is not one valid JSON list. */
    private static TextItems jsonList(byte[] value) {
        Offsets at = new Offsets();
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) {
                    return null;
                }
                int start = Math.toIntExact(p.currentTokenLocation().getByteOffset());
                if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                    p.skipChildren();
                    at.add(start, Math.toIntExact(p.currentLocation().getByteOffset()));
                } else if (t == JsonToken.VALUE_STRING) {
                    at.add(start, STRING);
                } else {
                    at.add(start, start + p.getTextLength()); // a number, true, false or null: ASCII as written
                }
            }
            if (p.nextToken() != null) {
                return null; // something after the list: not JSON, shown as lines
            }
        } catch (IOException | ArithmeticException notJson) {
            return null;
        }
        return at.items(Format.JSON.id(), value, true);
    }

    /** Lines, without their line ends; a last line end makes no empty item after it. */
    private static TextItems lines(byte[] value, String format) {
        Offsets at = new Offsets();
        int start = 0;
        for (int i = 0; i <= value.length; i++) {
            if (i == value.length ? i > start : value[i] == '\n') {
                int end = i > start && value[i - 1] == '\r' ? i - 1 : i;
                at.add(start, end);
                start = i + 1;
            }
        }
        return at.items(format, value, false);
    }

    /** Growing arrays of where items start and end. */
    private static final class Offsets {
        int[] starts = new int[64];
        int[] ends = new int[64];
        int n;

        void add(int start, int end) {
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            starts[n] = start;
            ends[n] = end;
            n++;
        }

        TextItems items(String format, byte[] text, boolean json) {
            return new TextItems(format, text, Arrays.copyOf(starts, n), Arrays.copyOf(ends, n), n, json);
        }
    }
}
