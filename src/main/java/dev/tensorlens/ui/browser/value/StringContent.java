package dev.tensorlens.ui.browser.value;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tensorlens.tensor.ChunkedBytes;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.codec.ByteContent;
import dev.tensorlens.tensor.codec.Format;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.ValueContext;

import java.io.IOException;
import java.util.Optional;

/**
 * What a string value offers each view, worked out off the FX thread once its bytes are in: the decoder's
 * verdict, whether it is UTF-8 text (and a capped part of it), its JSON tree when it is valid JSON.
 *
 * @param json  the parsed value, or null when it is not valid JSON or too large to parse ({@link #jsonNote})
 * @param text  at most {@link #TEXT_CAP_BYTES} of the value, decoded or escaped
 */
public record StringContent(ChunkedBytes bytes, DecodeResult decoded, boolean utf8, String text, boolean textTruncated,
                            JsonNode json, String jsonNote, ValueView bestView) {

    /** The views of a string value, in the order of their tabs. */
    public enum ValueView { TENSOR, TEXT, JSON, HEX }

    /** What goes into the text area at most: a TextArea lays out all of its text. */
    static final int TEXT_CAP_BYTES = 256 * 1024;
    /** JSON above this is not parsed into a tree: the tree would hold millions of nodes. */
    static final int JSON_CAP_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Decodes and looks at {@code value}; slow for big values, so never on the FX thread. A value in several chunks
     * that decodes in place (an .npy, raw bytes under a key rule) stays in them and is shown as the tensor it is, its
     * bytes escaped in the text view; any other (big text, JSON, safetensors) is put in one array first, as its decoder
     * and the text and JSON views need, and only that array is kept.
     */
    static StringContent of(ChunkedBytes value, String keyText) {
        Optional<DecodeResult> inPlace = Sniffer.decodeInPlace(value, ValueContext.ofKey(keyText));
        if (inPlace.isEmpty()) {
            return of(value.toArray(), keyText);
        }
        return new StringContent(value, inPlace.get(), false, ValueText.text(value.copy(0, TEXT_CAP_BYTES), false,
                TEXT_CAP_BYTES), value.length() > TEXT_CAP_BYTES, null, "The value is a binary tensor, not JSON.",
                ValueView.TENSOR);
    }

    /** {@link #of(ChunkedBytes, String)} of a value in one array. */
    static StringContent of(byte[] bytes, String keyText) {
        DecodeResult decoded = Sniffer.decode(bytes, ValueContext.ofKey(keyText));
        boolean utf8 = ByteContent.isUtf8(bytes);
        JsonNode json = null;
        String jsonNote = null;
        if (!utf8) {
            jsonNote = "The value is not UTF-8 text, so it is not JSON.";
        } else if (bytes.length > JSON_CAP_BYTES) {
            jsonNote = "The value is larger than 16 MiB; it is not parsed as JSON here.";
        } else {
            json = parse(bytes);
            jsonNote = json == null ? "The value is not valid JSON." : null;
        }
        // a JSON object (a config, a dict of lists) reads better as JSON; a JSON list of numbers is a tensor
        boolean jsonObject = json != null && json.isObject();
        ValueView best = isTensorLike(decoded) && !jsonObject ? ValueView.TENSOR
                : json != null ? ValueView.JSON
                : utf8 ? ValueView.TEXT : ValueView.HEX;
        return new StringContent(ChunkedBytes.of(bytes), decoded, utf8, ValueText.text(bytes, utf8, TEXT_CAP_BYTES),
                bytes.length > TEXT_CAP_BYTES, json, jsonNote, best);
    }

    private static JsonNode parse(byte[] bytes) {
        try (var parser = JSON.createParser(bytes)) {
            JsonNode node = JSON.readTree(parser);
            // one document and nothing after it: "1 2" or "{} x" are not JSON
            return node != null && !node.isMissingNode() && parser.nextToken() == null ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether the tensor view has something to say about this result: tensors, a recognised opaque format, or a
     * binary tensor format that broke — not text that merely was not a tensor (plain text, JSON objects).
     */
    static boolean isTensorLike(DecodeResult r) {
        if (r instanceof DecodeResult.Malformed m) {
            return !m.format().equals(Format.UNKNOWN.id()) && !m.format().equals(Format.JSON.id());
        }
        return r != null;
    }

    /** {@code npy}, {@code safetensors}, … for the header's badge when the value decoded; else null. */
    public String formatBadge() {
        return decoded instanceof DecodeResult.Malformed ? null : decoded.format();
    }
}
