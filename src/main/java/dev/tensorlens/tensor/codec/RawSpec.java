package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What raw {@code ndarray.tobytes()} bytes do not say about themselves: the element type, the shape and the
 * order. Comes from sibling hash fields ({@code dtype}, {@code shape}, {@code order}), a user rule, or the user.
 */
public record RawSpec(DType dtype, long[] shape, boolean fortranOrder) {

    private static final Pattern SHAPE_SEPARATORS = Pattern.compile("\\s*[,x×*]\\s*");
    private static final int MAX_RANK = 64;

    public RawSpec {
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
    }

    public RawSpec(DType dtype, long... shape) {
        this(dtype, shape, false);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * A dtype as people write it next to their arrays: {@code float32}, {@code <f4}, {@code f4},
     * {@code np.float32}, {@code numpy.float32}, {@code torch.float32}, {@code torch.half}, {@code uint8},
     * RedisVL's {@code FLOAT32}/{@code BFLOAT16}. Big-endian ({@code >f4}) is not a raw little-endian array: empty.
     */
    public static Optional<DType> parseDtype(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        for (String prefix : List.of("numpy.", "np.", "torch.", "tf.", "jnp.", "ml_dtypes.", "dtype(")) {
            if (s.startsWith(prefix)) {
                s = s.substring(prefix.length());
            }
        }
        s = s.replace("'", "").replace("\"", "").replace(")", "").trim();
        if (s.startsWith(">")) {
            return Optional.empty();
        }
        if (s.startsWith("<") || s.startsWith("|") || s.startsWith("=")) {
            s = s.substring(1);
        }
        DType byCode = switch (s) {
            // numpy array-protocol codes, then torch's own aliases (torch.int is int32, torch.long int64)
            case "f2" -> DType.FLOAT16;
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            case "i1" -> DType.INT8;
            case "i2", "short" -> DType.INT16;
            case "i4", "int" -> DType.INT32;
            case "i8", "long" -> DType.INT64;
            case "u1", "byte" -> DType.UINT8;
            case "u2" -> DType.UINT16;
            case "u4" -> DType.UINT32;
            case "u8" -> DType.UINT64;
            case "b1", "?", "boolean" -> DType.BOOL;
            case "c8", "cfloat", "complex64" -> DType.COMPLEX64;
            case "c16", "cdouble", "complex128" -> DType.COMPLEX128;
            case "bf16" -> DType.BFLOAT16;
            default -> null;
        };
        if (byCode != null) {
            return Optional.of(byCode);
        }
        Optional<DType> byName = DType.fromNumpyName(s);
        if (byName.isPresent()) {
            return byName;
        }
        return DType.fromSafetensorsName(s.toUpperCase(Locale.ROOT));
    }

    /**
     * A shape as people write it: {@code [2, 3]}, {@code (2, 3)}, {@code (5,)}, {@code 2,3}, {@code 2x3},
     * {@code ()} or {@code []} for a scalar, a bare {@code 5}. Empty when it is anything else or a dimension
     * is negative or does not fit a long.
     */
    public static Optional<long[]> parseShape(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.startsWith("torch.Size(")) {
            s = s.substring("torch.Size(".length(), s.length() - (s.endsWith(")") ? 1 : 0)).trim();
        }
        if ((s.startsWith("(") && s.endsWith(")")) || (s.startsWith("[") && s.endsWith("]"))) {
            s = s.substring(1, s.length() - 1).trim();
        }
        if (s.isEmpty()) {
            return Optional.of(new long[0]);
        }
        if (s.endsWith(",")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        String[] parts = SHAPE_SEPARATORS.split(s, -1);
        if (parts.length > MAX_RANK) {
            return Optional.empty();
        }
        List<Long> dims = new ArrayList<>();
        for (String p : parts) {
            String d = p.trim();
            if (d.endsWith("L")) {
                d = d.substring(0, d.length() - 1);
            }
            if (d.isEmpty() || d.length() > 19 || !d.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            long v;
            try {
                v = Long.parseLong(d);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            dims.add(v);
        }
        return Optional.of(dims.stream().mapToLong(Long::longValue).toArray());
    }

    /** {@code C} (row-major, the default) or {@code F} (column-major); empty for anything else. */
    public static Optional<Boolean> parseFortranOrder(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "C", "C_CONTIGUOUS", "ROW", "ROW-MAJOR" -> Optional.of(false);
            case "F", "FORTRAN", "F_CONTIGUOUS", "COLUMN", "COLUMN-MAJOR" -> Optional.of(true);
            default -> Optional.empty();
        };
    }

    /** Bytes the array needs, or -1 when the shape overflows. */
    public long byteLength() {
        return Bytes.checkedProduct(Tensor.elementCount(shape), dtype.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawSpec r && r.dtype == dtype && Arrays.equals(r.shape, shape)
                && r.fortranOrder == fortranOrder;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), fortranOrder);
    }

    @Override
    public String toString() {
        return dtype + " " + Tensor.shapeText(shape) + (fortranOrder ? " F-order" : "");
    }
}
