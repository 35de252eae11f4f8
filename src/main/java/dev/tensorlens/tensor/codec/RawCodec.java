package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.ChunkedBytes;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.DecodeResult.Decoded;
import dev.tensorlens.tensor.DecodeResult.Malformed;
import dev.tensorlens.tensor.Tensor;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Raw little-endian arrays as {@code ndarray.tobytes()} writes them (redis-py examples, RedisVL vectors): no
 * header, so the dtype and shape come from a {@link RawSpec}; the length must match it exactly.
 */
public final class RawCodec {

    private RawCodec() {
    }

    public static DecodeResult decode(byte[] bytes, RawSpec spec) {
        return decode(bytes, spec, Sniffer.UNNAMED);
    }

    /**
     * Raw bytes held in chunks, viewed in place ({@link Tensor#chunked}), when their length is what {@code spec} says
     * and elements fall into whole chunks. Empty otherwise: {@link #decode(byte[], RawSpec, String)} of the value in
     * one array says what is wrong.
     */
    public static Optional<DecodeResult> decodeInPlace(ChunkedBytes value, RawSpec spec, String tensorName) {
        if (spec == null || spec.byteLength() != value.length()
                || !Tensor.fitsChunks(spec.dtype(), value.chunkBytes(), 0)) {
            return Optional.empty();
        }
        return Optional.of(new Decoded(Format.RAW.id(), List.of(Tensor.chunked(tensorName, spec.dtype(), spec.shape(),
                ByteOrder.LITTLE_ENDIAN, spec.fortranOrder(), value.chunks(), 0)), Map.of(), List.of()));
    }

    public static DecodeResult decode(byte[] bytes, RawSpec spec, String tensorName) {
        return Guard.run(Format.RAW, () -> {
            String fmt = Format.RAW.id();
            if (spec == null) {
                return new Malformed(fmt, 0, "raw bytes need a dtype and a shape");
            }
            long expected = spec.byteLength();
            if (expected < 0) {
                return new Malformed(fmt, 0, "shape " + Tensor.shapeText(spec.shape()) + " of " + spec.dtype()
                        + " overflows");
            }
            if (expected != bytes.length) {
                return new Malformed(fmt, Math.min(expected, bytes.length), "expected " + expected + " bytes for "
                        + spec.dtype() + " " + Tensor.shapeText(spec.shape()) + " but the value has " + bytes.length
                        + " bytes");
            }
            Tensor t = Tensor.view(tensorName, spec.dtype(), spec.shape(), ByteOrder.LITTLE_ENDIAN,
                    spec.fortranOrder(), bytes, 0);
            return new Decoded(fmt, List.of(t), Map.of(), List.of());
        });
    }

    /**
     * The spec that sibling hash fields give, when there are fields {@code dtype} and {@code shape} (also
     * {@code type}/{@code dims}) that parse; {@code order} is optional and defaults to C.
     */
    public static Optional<RawSpec> specFromFields(Map<String, byte[]> fields) {
        if (fields == null) {
            return Optional.empty();
        }
        String dtype = field(fields, "dtype", "type", "data_type");
        String shape = field(fields, "shape", "dims", "size");
        if (dtype == null || shape == null) {
            return Optional.empty();
        }
        Optional<DType> d = RawSpec.parseDtype(dtype);
        Optional<long[]> s = RawSpec.parseShape(shape);
        if (d.isEmpty() || s.isEmpty()) {
            return Optional.empty();
        }
        String order = field(fields, "order", "fortran_order", "layout");
        boolean fortran = order != null && (RawSpec.parseFortranOrder(order).orElse(false)
                || order.trim().equalsIgnoreCase("true"));
        return Optional.of(new RawSpec(d.get(), s.get(), fortran));
    }

    private static String field(Map<String, byte[]> fields, String... names) {
        for (String n : names) {
            byte[] v = fields.get(n);
            if (v != null && v.length <= 1024) { // a dtype or shape is short; a long field is something else
                return new String(v, StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
