package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.DecodeResult.Decoded;
import dev.tensorlens.tensor.DecodeResult.Malformed;
import dev.tensorlens.tensor.DecodeResult.Opaque;
import dev.tensorlens.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RedisAI tensors ({@code AI_TENSOR} keys), as the reply of {@code AI.TENSORGET key META BLOB}:
 * {@code ["dtype", "FLOAT", "shape", [2, 2], "blob", <bytes>]}; the blob is little-endian, row-major
 * (RedisAI docs, commands.md "AI.TENSORSET"/"AI.TENSORGET"). Strings may arrive as byte arrays.
 */
public final class RedisAiCodec {

    private RedisAiCodec() {
    }

    /** The element type of a RedisAI type name, or null for STRING and unknown names. */
    static DType dtype(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "FLOAT" -> DType.FLOAT32;
            case "DOUBLE" -> DType.FLOAT64;
            case "INT8" -> DType.INT8;
            case "INT16" -> DType.INT16;
            case "INT32" -> DType.INT32;
            case "INT64" -> DType.INT64;
            case "UINT8" -> DType.UINT8;
            case "UINT16" -> DType.UINT16;
            case "BOOL" -> DType.BOOL;
            default -> null;
        };
    }

    public static DecodeResult decode(List<?> reply) {
        return Guard.run(Format.REDISAI, () -> decodeChecked(reply));
    }

    private static DecodeResult decodeChecked(List<?> reply) {
        String fmt = Format.REDISAI.id();
        if (reply == null || reply.size() % 2 != 0) {
            return new Malformed(fmt, 0, "AI.TENSORGET reply is not a list of name/value pairs");
        }
        String dtypeName = null;
        List<?> shapeList = null;
        byte[] blob = null;
        for (int i = 0; i < reply.size(); i += 2) {
            String key = text(reply.get(i));
            Object value = reply.get(i + 1);
            if (key == null) {
                return new Malformed(fmt, 0, "reply element " + i + " is not a field name");
            }
            switch (key.toLowerCase(Locale.ROOT)) {
                case "dtype" -> dtypeName = text(value);
                case "shape" -> shapeList = value instanceof List<?> l ? l : null;
                case "blob" -> blob = value instanceof byte[] bytes ? bytes
                        : value instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1) : null;
                default -> {
                    // other META fields are ignored
                }
            }
        }
        if (dtypeName == null || shapeList == null || blob == null) {
            return new Malformed(fmt, 0, "AI.TENSORGET reply needs dtype, shape and blob (ask for META BLOB)");
        }
        long[] shape = new long[shapeList.size()];
        for (int i = 0; i < shape.length; i++) {
            Object d = shapeList.get(i);
            Long dim = d instanceof Number n && (n instanceof Long || n instanceof Integer || n instanceof Short)
                    ? Long.valueOf(n.longValue()) : parseLong(text(d));
            if (dim == null || dim < 0) {
                return new Malformed(fmt, 0, "shape dimension " + i + " is not a non-negative integer");
            }
            shape[i] = dim;
        }
        if (dtypeName.equalsIgnoreCase("STRING")) {
            return new Opaque(fmt, "RedisAI STRING tensor: not decoded", List.of("shape " + Tensor.shapeText(shape)));
        }
        DType dtype = dtype(dtypeName);
        if (dtype == null) {
            return new Malformed(fmt, 0, "unknown RedisAI dtype " + dtypeName);
        }
        long needed = Bytes.checkedProduct(Tensor.elementCount(shape), dtype.size());
        if (Tensor.elementCount(shape) < 0 || needed < 0) {
            return new Malformed(fmt, 0, "shape " + Tensor.shapeText(shape) + " overflows");
        }
        if (needed != blob.length) {
            return new Malformed(fmt, Math.min(needed, blob.length), "blob is " + blob.length + " bytes but "
                    + dtypeName + " " + Tensor.shapeText(shape) + " needs " + needed);
        }
        return new Decoded(fmt, List.of(Tensor.view("tensor", dtype, shape, blob, 0)), Map.of(), List.of());
    }

    private static String text(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof byte[] b && b.length <= 64) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return null;
    }

    private static Long parseLong(String s) {
        if (s == null || !s.matches("[0-9]{1,18}")) {
            return null;
        }
        return Long.parseLong(s);
    }
}
