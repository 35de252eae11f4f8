package dev.tensorlens.tensor.codec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.DecodeResult.Decoded;
import dev.tensorlens.tensor.DecodeResult.Malformed;
import dev.tensorlens.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * safetensors files (huggingface/safetensors, {@code safetensors/src/tensor.rs}): an 8-byte little-endian header
 * length N, N bytes of UTF-8 JSON, then the data buffer. Every rule of the reference reader's
 * {@code read_metadata} and {@code Metadata::validate} is applied, in the same order.
 */
public final class SafetensorsCodec {

    /** {@code MAX_HEADER_SIZE} of tensor.rs. */
    public static final long MAX_HEADER_SIZE = 100_000_000;
    /** {@code N_LEN} of tensor.rs: the u64 header length. */
    private static final int N_LEN = 8;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // duplicate tensor names are an error
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // serde_json::from_str in the reference refuses "trailing characters" after the object
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SafetensorsCodec() {
    }

    public static DecodeResult decode(byte[] bytes) {
        return Guard.run(Format.SAFETENSORS, () -> decodeChecked(bytes));
    }

    /** Bits per element of every safetensors dtype, sub-byte ones included (tensor.rs {@code Dtype::bitsize}). */
    static int bits(String dtype) {
        return switch (dtype) {
            case "BOOL", "U8", "I8", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F8_E4M3FNUZ", "F8_E5M2FNUZ" -> 8;
            case "I16", "U16", "F16", "BF16" -> 16;
            case "I32", "U32", "F32" -> 32;
            case "I64", "U64", "F64", "C64" -> 64;
            case "F4" -> 4;
            case "F6_E2M3", "F6_E3M2" -> 6;
            default -> -1;
        };
    }

    private record Info(String name, String dtype, long[] shape, long begin, long end) {
    }

    private static DecodeResult decodeChecked(byte[] b) {
        String fmt = Format.SAFETENSORS.id();
        HeaderRead read = header(b, b.length);
        if (read instanceof HeaderRead.Invalid invalid) {
            return new Malformed(invalid.format(), invalid.offset(), invalid.reason());
        }
        if (!(read instanceof HeaderRead.Parsed parsed)) {
            // the whole value was given, so the header cannot lie past it: header() says so as Invalid
            return new Malformed(fmt, 0, "the header runs past the end of the value");
        }
        List<Tensor> tensors = new ArrayList<>(parsed.tensors().size());
        for (TensorHeader t : parsed.tensors()) {
            if (t.problem() != null) {
                return new Malformed(fmt, t.dataOffset(), t.problem());
            }
            tensors.add(Tensor.view(t.name(), t.dtype(), t.shape(), b, (int) t.dataOffset()));
        }
        return new Decoded(fmt, tensors, parsed.metadata(), List.of());
    }

    /**
     * The header of a safetensors value from its first bytes, its data unread: {@code head} is the start of a value
     * of {@code valueLength} bytes (the whole value, or a range read of its start). The 8-byte header length is
     * checked against {@link #MAX_HEADER_SIZE} and the value's length before {@link HeaderRead.NeedsBytes} asks for
     * more; once the header is there every rule of the reference reader is applied, the last one
     * ({@code 8 + N + last end == length}) against {@code valueLength}. The tensors come sorted by their data
     * offset: the order they were written in. A tensor of a sub-byte dtype is described in its {@code problem}.
     */
    public static HeaderRead readHeader(byte[] head, long valueLength) {
        try {
            return header(head, valueLength);
        } catch (RuntimeException e) {
            return new HeaderRead.Invalid(Format.SAFETENSORS.id(), 0,
                    "unexpected decoder failure (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static HeaderRead header(byte[] b, long valueLength) {
        String fmt = Format.SAFETENSORS.id();
        if (valueLength < N_LEN) {
            return new HeaderRead.Invalid(fmt, 0, "only " + valueLength + " bytes: the 8-byte header length is missing");
        }
        if (b.length < N_LEN) {
            return new HeaderRead.NeedsBytes(fmt, N_LEN);
        }
        long n = Bytes.u64le(b, 0);
        if (n < 0 || n > MAX_HEADER_SIZE) {
            return new HeaderRead.Invalid(fmt, 0, "header length " + Long.toUnsignedString(n) + " is over the limit of "
                    + MAX_HEADER_SIZE + " bytes");
        }
        if (n > valueLength - N_LEN) {
            return new HeaderRead.Invalid(fmt, 0, "header length " + n + " is more than the " + (valueLength - N_LEN)
                    + " bytes that follow");
        }
        if (n > b.length - N_LEN) {
            return new HeaderRead.NeedsBytes(fmt, N_LEN + n);
        }
        int headerLength = (int) n;
        int dataStart = N_LEN + headerLength;
        String header;
        try {
            header = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, N_LEN, headerLength)).toString();
        } catch (CharacterCodingException e) {
            return new HeaderRead.Invalid(fmt, N_LEN, "header is not valid UTF-8");
        }
        if (!header.startsWith("{")) {
            return new HeaderRead.Invalid(fmt, N_LEN, "header does not start with '{'");
        }
        JsonNode root;
        try {
            root = JSON.readTree(b, N_LEN, headerLength);
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getByteOffset());
            String why = e instanceof JsonParseException && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "duplicate tensor name: " + e.getOriginalMessage()
                    : "header is not valid JSON: " + e.getOriginalMessage();
            return new HeaderRead.Invalid(fmt, N_LEN + Math.min(at, headerLength), why);
        } catch (IOException e) {
            return new HeaderRead.Invalid(fmt, N_LEN, "header could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return new HeaderRead.Invalid(fmt, N_LEN, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Info> infos = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("__metadata__")) {
                if (value.isNull()) {
                    continue;
                }
                if (!value.isObject()) {
                    return new HeaderRead.Invalid(fmt, N_LEN, "__metadata__ is not a map of strings to strings");
                }
                for (Iterator<Map.Entry<String, JsonNode>> m = value.fields(); m.hasNext(); ) {
                    Map.Entry<String, JsonNode> kv = m.next();
                    if (!kv.getValue().isTextual()) {
                        return new HeaderRead.Invalid(fmt, N_LEN, "__metadata__ value of '" + kv.getKey()
                                + "' is not a string");
                    }
                    metadata.put(kv.getKey(), kv.getValue().textValue());
                }
                continue;
            }
            Info info = info(name, value);
            if (info == null) {
                return new HeaderRead.Invalid(fmt, N_LEN, "tensor '" + name + "' needs a string dtype, a shape of "
                        + "non-negative integers and data_offsets [begin, end]");
            }
            infos.add(info);
        }
        infos.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
        long expectedBegin = 0;
        for (Info t : infos) {
            if (t.begin() != expectedBegin || t.end() < t.begin()) {
                return new HeaderRead.Invalid(fmt, N_LEN, "tensor '" + t.name() + "' has data_offsets [" + t.begin()
                        + ", " + t.end() + "] but must begin at " + expectedBegin
                        + " (tensors must cover the data buffer with no holes and no overlaps)");
            }
            expectedBegin = t.end();
            int bits = bits(t.dtype());
            if (bits < 0) {
                return new HeaderRead.Invalid(fmt, N_LEN, "tensor '" + t.name() + "' has unknown dtype " + t.dtype());
            }
            long count = Tensor.elementCount(t.shape());
            long totalBits = Bytes.checkedProduct(count, bits);
            if (count < 0 || totalBits < 0) {
                return new HeaderRead.Invalid(fmt, N_LEN, "tensor '" + t.name() + "' shape "
                        + Tensor.shapeText(t.shape()) + " overflows");
            }
            if (totalBits % 8 != 0) {
                return new HeaderRead.Invalid(fmt, N_LEN, "tensor '" + t.name() + "' of " + t.dtype() + " "
                        + Tensor.shapeText(t.shape()) + " does not end on a whole byte (" + totalBits + " bits)");
            }
            if (t.end() - t.begin() != totalBits / 8) {
                return new HeaderRead.Invalid(fmt, N_LEN, "tensor '" + t.name() + "' spans " + (t.end() - t.begin())
                        + " bytes but " + t.dtype() + " " + Tensor.shapeText(t.shape()) + " needs " + totalBits / 8);
            }
        }
        long dataLength = valueLength - dataStart;
        if (expectedBegin != dataLength) {
            return new HeaderRead.Invalid(fmt, dataStart, "tensors cover " + expectedBegin + " bytes of data but the "
                    + "file holds " + dataLength + " bytes after the header (8 + N + last end must equal the file length)");
        }
        List<TensorHeader> tensors = new ArrayList<>(infos.size());
        for (Info t : infos) {
            DType type = DType.fromSafetensorsName(t.dtype()).orElse(null);
            String problem = type != null ? null : "tensor '" + t.name() + "' has dtype " + t.dtype()
                    + ", a sub-byte type (" + bits(t.dtype()) + " bits per element) that is not supported";
            tensors.add(new TensorHeader(t.name(), type, t.dtype(), t.shape(), ByteOrder.LITTLE_ENDIAN, false,
                    dataStart + t.begin(), t.end() - t.begin(), problem));
        }
        return new HeaderRead.Parsed(fmt, dataStart, tensors, metadata, List.of());
    }

    private static Info info(String name, JsonNode v) {
        if (!v.isObject() || !v.path("dtype").isTextual() || !v.path("shape").isArray()
                || !v.path("data_offsets").isArray() || v.path("data_offsets").size() != 2) {
            return null;
        }
        JsonNode shapeNode = v.get("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegativeLong(shapeNode.get(i));
            if (shape[i] < 0) {
                return null;
            }
        }
        long begin = nonNegativeLong(v.get("data_offsets").get(0));
        long end = nonNegativeLong(v.get("data_offsets").get(1));
        if (begin < 0 || end < 0) {
            return null;
        }
        return new Info(name, v.get("dtype").textValue(), shape, begin, end);
    }

    private static long nonNegativeLong(JsonNode n) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            return -1;
        }
        return n.longValue();
    }
}
