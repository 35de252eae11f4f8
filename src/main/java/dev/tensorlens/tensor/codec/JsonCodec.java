package dev.tensorlens.tensor.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.DecodeResult.Decoded;
import dev.tensorlens.tensor.DecodeResult.Malformed;
import dev.tensorlens.tensor.Tensor;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers kept as JSON text, the way redis-py users store them ({@code json.dumps} of lists and dicts of lists),
 * and NumPy 2 scalar reprs such as {@code np.float64(1.5)}. Rectangular lists are one tensor (int64 when every
 * number is an integer literal, else float64); an object of numbers and lists is several named tensors.
 */
public final class JsonCodec {

    /**
     * Python's {@code json.dumps} writes {@code NaN}, {@code Infinity} and {@code -Infinity} (allow_nan=True is its
     * default): diverged weights are exactly what a user wants to look at, so they are read, not refused.
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /**
     * JSON is parsed into a tree, which takes about twenty times the text's size; larger values are refused with
     * a reason rather than risk the heap (arrays that big belong in .npy or safetensors).
     */
    public static final int MAX_JSON_BYTES = 16 * 1024 * 1024;
    private static final Pattern NUMPY_SCALAR = Pattern.compile(
            "\\s*(?:np|numpy)\\.(float16|float32|float64|half|single|double|int8|int16|int32|int64|"
                    + "uint8|uint16|uint32|uint64|bool_?)\\(\\s*([^()]{1,64})\\s*\\)\\s*");
    /** NumPy 2's repr of the two boolean scalars: {@code np.True_}, {@code np.False_}. */
    private static final Pattern NUMPY_BOOL = Pattern.compile("\\s*(?:np|numpy)\\.(True|False)_\\s*");

    private JsonCodec() {
    }

    public static DecodeResult decode(byte[] bytes) {
        return Guard.run(Format.JSON, () -> decodeChecked(bytes));
    }

    /** Whether the text is a NumPy 2 scalar repr such as {@code np.float64(1.5)}. */
    static boolean isNumpyScalar(byte[] bytes) {
        if (bytes.length > 100) {
            return false;
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        return NUMPY_SCALAR.matcher(text).matches() || NUMPY_BOOL.matcher(text).matches();
    }

    private static DecodeResult decodeChecked(byte[] b) {
        String fmt = Format.JSON.id();
        if (isNumpyScalar(b)) {
            return numpyScalar(new String(b, StandardCharsets.ISO_8859_1));
        }
        if (b.length > MAX_JSON_BYTES) {
            return new Malformed(fmt, 0, "JSON of " + b.length + " bytes is over the " + MAX_JSON_BYTES
                    + "-byte limit for JSON tensors; store arrays this large as .npy or safetensors");
        }
        JsonNode root;
        try {
            root = JSON.readTree(b);
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getByteOffset());
            return new Malformed(fmt, Math.min(at, b.length), "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Malformed(fmt, 0, "not valid JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new Malformed(fmt, 0, "empty: no JSON value");
        }
        if (root.isNumber() || root.isArray()) {
            return tensorOrProblem(root, Sniffer.UNNAMED, "$").map(t -> (DecodeResult) Decoded.of(fmt, t));
        }
        if (root.isObject()) {
            List<Tensor> tensors = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getValue().isNumber() && !f.getValue().isArray()) {
                    skipped.add(f.getKey());
                    continue;
                }
                Outcome o = tensorOrProblem(f.getValue(), f.getKey(), "$." + f.getKey());
                if (o.problem != null) {
                    return o.problem;
                }
                tensors.add(o.tensor);
            }
            if (!tensors.isEmpty()) {
                List<String> notes = skipped.isEmpty() ? List.of()
                        : List.of("fields that are not numbers or lists were skipped: " + String.join(", ", skipped));
                return new Decoded(fmt, tensors, Map.of(), notes);
            }
        }
        return new Malformed(fmt, 0, "valid JSON, but it holds no numeric arrays");
    }

    /** A tensor, or the Malformed result that explains why the value is not one. */
    private record Outcome(Tensor tensor, Malformed problem) {
        DecodeResult map(Function<Tensor, DecodeResult> f) {
            return problem != null ? problem : f.apply(tensor);
        }
    }

    private static Outcome tensorOrProblem(JsonNode node, String name, String path) {
        List<Long> dims = new ArrayList<>();
        for (JsonNode n = node; n.isArray(); n = n.size() > 0 ? n.get(0) : MissingNode.getInstance()) {
            dims.add((long) n.size());
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        List<JsonNode> leaves = new ArrayList<>();
        String problem = collect(node, shape, 0, path, leaves);
        if (problem != null) {
            return new Outcome(null, new Malformed(Format.JSON.id(), 0, problem));
        }
        boolean integers = leaves.stream().allMatch(n -> n.isIntegralNumber() && n.canConvertToLong());
        DType dtype = integers ? DType.INT64 : DType.FLOAT64;
        ByteBuffer buf = ByteBuffer.allocate(leaves.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode leaf : leaves) {
            if (integers) {
                buf.putLong(leaf.longValue());
            } else {
                buf.putDouble(leaf.doubleValue());
            }
        }
        return new Outcome(Tensor.view(name, dtype, shape, buf.array(), 0), null);
    }

    /** Checks that {@code node} has exactly {@code shape[depth..]} and collects its numbers; else says where not. */
    private static String collect(JsonNode node, long[] shape, int depth, String path, List<JsonNode> leaves) {
        if (depth == shape.length) {
            if (node.isArray()) {
                return "ragged lists: " + path + " is a list where the first row has a number";
            }
            if (!node.isNumber()) {
                return "element " + path + " is " + describe(node) + ", not a number";
            }
            leaves.add(node);
            return null;
        }
        if (!node.isArray()) {
            return "ragged lists: " + path + " is " + describe(node) + " where the first row has a list of "
                    + shape[depth];
        }
        if (node.size() != shape[depth]) {
            return "ragged lists: " + path + " has " + node.size() + " elements but the first row at that depth has "
                    + shape[depth];
        }
        for (int i = 0; i < node.size(); i++) {
            String problem = collect(node.get(i), shape, depth + 1, path + "[" + i + "]", leaves);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String describe(JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case OBJECT -> "an object";
            case ARRAY -> "a list";
            case NUMBER -> "a number";
            default -> "not a number";
        };
    }

    private static DecodeResult numpyScalar(String repr) {
        String fmt = Format.JSON.id();
        Matcher bool = NUMPY_BOOL.matcher(repr);
        String text = bool.matches() ? "np.bool_(" + bool.group(1) + ")" : repr;
        Matcher m = NUMPY_SCALAR.matcher(text);
        if (!m.matches()) {
            return new Malformed(fmt, 0, "not a NumPy scalar");
        }
        String type = m.group(1);
        String literal = m.group(2).trim();
        DType dtype = switch (type) {
            case "half", "float16" -> DType.FLOAT16;
            case "single", "float32" -> DType.FLOAT32;
            case "double", "float64" -> DType.FLOAT64;
            case "bool", "bool_" -> DType.BOOL;
            default -> DType.fromNumpyName(type).orElse(null);
        };
        if (dtype == null) {
            return new Malformed(fmt, 0, "unknown NumPy scalar type " + type);
        }
        ByteBuffer buf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        List<String> notes = new ArrayList<>();
        try {
            switch (dtype) {
                case BOOL -> {
                    if (!literal.equals("True") && !literal.equals("False")) {
                        return new Malformed(fmt, 0, "np.bool_ holds " + literal + ", not True or False");
                    }
                    buf.put((byte) (literal.equals("True") ? 1 : 0));
                }
                case FLOAT16, FLOAT32 -> {
                    if (dtype == DType.FLOAT16) {
                        notes.add("np.float16 scalar shown as float32");
                        dtype = DType.FLOAT32;
                    }
                    buf.putFloat(Float.parseFloat(pythonFloat(literal)));
                }
                case FLOAT64 -> buf.putDouble(Double.parseDouble(pythonFloat(literal)));
                default -> {
                    if (!literal.matches("[-+]?[0-9]{1,20}")) { // never let BigDecimal expand "1e999999999"
                        throw new NumberFormatException(literal);
                    }
                    BigDecimal v = new BigDecimal(literal);
                    long value = v.toBigIntegerExact().longValue(); // low bits: uint64 above 2^63 keep their pattern
                    buf.putLong(value);
                }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return new Malformed(fmt, 0, "np." + type + " holds '" + literal + "', not a number of that type");
        }
        Tensor t = Tensor.view(Sniffer.UNNAMED, dtype, new long[0], buf.array(), 0);
        return new Decoded(fmt, List.of(t), Map.of(), notes);
    }

    /** Python prints nan and inf; Java parses NaN and Infinity. Anything else is left to Java's parser. */
    private static String pythonFloat(String s) {
        return switch (s) {
            case "nan" -> "NaN";
            case "inf" -> "Infinity";
            case "-inf" -> "-Infinity";
            default -> {
                if (!s.matches("[-+]?[0-9.eE+-]+")) {
                    throw new NumberFormatException(s);
                }
                yield s;
            }
        };
    }
}
