package dev.tensorlens.tensor;

import java.util.Locale;
import java.util.Optional;

/**
 * Element types, named as numpy (and ml_dtypes, for bfloat16 and the float8 family) names them, with their
 * width in bytes. Only whole-byte types: safetensors' sub-byte F4/F6 are reported, not decoded.
 */
public enum DType {
    BOOL("bool", 1, Kind.BOOL, "BOOL"),
    UINT8("uint8", 1, Kind.UNSIGNED, "U8"),
    INT8("int8", 1, Kind.SIGNED, "I8"),
    UINT16("uint16", 2, Kind.UNSIGNED, "U16"),
    INT16("int16", 2, Kind.SIGNED, "I16"),
    UINT32("uint32", 4, Kind.UNSIGNED, "U32"),
    INT32("int32", 4, Kind.SIGNED, "I32"),
    UINT64("uint64", 8, Kind.UNSIGNED, "U64"),
    INT64("int64", 8, Kind.SIGNED, "I64"),
    FLOAT16("float16", 2, Kind.FLOAT, "F16"),
    BFLOAT16("bfloat16", 2, Kind.FLOAT, "BF16"),
    FLOAT32("float32", 4, Kind.FLOAT, "F32"),
    FLOAT64("float64", 8, Kind.FLOAT, "F64"),
    /** Two float32: real, imaginary. Statistics use the magnitude. */
    COMPLEX64("complex64", 8, Kind.COMPLEX, "C64"),
    COMPLEX128("complex128", 16, Kind.COMPLEX, null),
    FLOAT8_E4M3FN("float8_e4m3fn", 1, Kind.FLOAT, "F8_E4M3"),
    FLOAT8_E5M2("float8_e5m2", 1, Kind.FLOAT, "F8_E5M2"),
    FLOAT8_E8M0FNU("float8_e8m0fnu", 1, Kind.FLOAT, "F8_E8M0"),
    FLOAT8_E4M3FNUZ("float8_e4m3fnuz", 1, Kind.FLOAT, "F8_E4M3FNUZ"),
    FLOAT8_E5M2FNUZ("float8_e5m2fnuz", 1, Kind.FLOAT, "F8_E5M2FNUZ");

    /** What sort of number an element is. */
    public enum Kind { BOOL, UNSIGNED, SIGNED, FLOAT, COMPLEX }

    private final String numpyName;
    private final int size;
    private final Kind kind;
    private final String safetensorsName;

    DType(String numpyName, int size, Kind kind, String safetensorsName) {
        this.numpyName = numpyName;
        this.size = size;
        this.kind = kind;
        this.safetensorsName = safetensorsName;
    }

    /** {@code float32}, {@code bfloat16}, {@code uint8}, … as numpy prints {@code arr.dtype}. */
    public String numpyName() {
        return numpyName;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    public Kind kind() {
        return kind;
    }

    /** The safetensors header name ({@code F32}, {@code BF16}, …), or {@code null} where safetensors has none. */
    public String safetensorsName() {
        return safetensorsName;
    }

    public static Optional<DType> fromNumpyName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (DType d : values()) {
            if (d.numpyName.equals(n)) {
                return Optional.of(d);
            }
        }
        return switch (n) {
            case "half" -> Optional.of(FLOAT16);
            case "float", "single" -> Optional.of(FLOAT32);
            case "double" -> Optional.of(FLOAT64);
            case "bool_" -> Optional.of(BOOL);
            default -> Optional.empty();
        };
    }

    public static Optional<DType> fromSafetensorsName(String name) {
        for (DType d : values()) {
            if (name != null && name.equals(d.safetensorsName)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return numpyName;
    }
}
