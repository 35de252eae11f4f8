package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.ChunkedBytes;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.DecodeResult.Decoded;
import dev.tensorlens.tensor.DecodeResult.Malformed;
import dev.tensorlens.tensor.DecodeResult.Opaque;
import dev.tensorlens.tensor.Tensor;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * NumPy {@code .npy} files, versions 1.0, 2.0 and 3.0, after numpy's {@code lib/format} specification
 * (numpy/lib/format.py): magic, version, header length, a Python-literal dict header, then the data.
 */
public final class NpyCodec {

    /** {@code \x93NUMPY}: the magic string of numpy/lib/format.py ({@code MAGIC_PREFIX}). */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** numpy's {@code _MAX_HEADER_SIZE}: the reader refuses longer headers as unsafe to parse. */
    public static final int MAX_HEADER_CHARS = 10_000;

    private static final Set<Object> KEYS = Set.of("descr", "fortran_order", "shape");

    private NpyCodec() {
    }

    /** Decodes a whole .npy value; the tensor is named {@code array}. */
    public static DecodeResult decode(byte[] bytes) {
        return decode(bytes, Sniffer.UNNAMED);
    }

    /** Decodes a whole .npy value into one tensor with the given name (npz members are named after the member). */
    public static DecodeResult decode(byte[] bytes, String tensorName) {
        return Guard.run(Format.NPY, () -> decodeChecked(bytes, tensorName));
    }

    /**
     * A whole .npy value held in chunks, its data viewed in place ({@link Tensor#chunked}), when the header lies in the
     * first chunk, the data is all there and falls into whole elements in every chunk (numpy pads the header to 64
     * bytes). Empty otherwise, for a malformed value too: {@link #decode(byte[], String)} of the value in one array says
     * what is wrong, in its words.
     */
    public static Optional<DecodeResult> decodeInPlace(ChunkedBytes value, String tensorName) {
        try {
            HeaderRead read = header(value.chunks().get(0), value.length());
            if (read instanceof HeaderRead.Parsed parsed && parsed.tensors().get(0).problem() == null) {
                TensorHeader h = parsed.tensors().get(0);
                if (Tensor.fitsChunks(h.dtype(), value.chunkBytes(), (int) h.dataOffset())) {
                    Tensor t = Tensor.chunked(tensorName, h.dtype(), h.shape(), h.byteOrder(), h.fortranOrder(),
                            value.chunks(), (int) h.dataOffset());
                    return Optional.of(new Decoded(Format.NPY.id(), List.of(t), Map.of(), parsed.notes()));
                }
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static DecodeResult decodeChecked(byte[] b, String name) {
        HeaderRead read = header(b, b.length);
        if (read instanceof HeaderRead.Invalid invalid) {
            return new Malformed(invalid.format(), invalid.offset(), invalid.reason());
        }
        if (!(read instanceof HeaderRead.Parsed parsed)) {
            // the whole value was given, so the header cannot lie past it: header() says so as Invalid
            return new Malformed(Format.NPY.id(), 8, "the header runs past the end of the value");
        }
        TensorHeader h = parsed.tensors().get(0);
        if (h.problem() != null) {
            return new Opaque(Format.NPY.id(), h.problem(),
                    List.of("shape " + Tensor.shapeText(h.shape()), "descr " + h.dtypeName()));
        }
        Tensor t = Tensor.view(name, h.dtype(), h.shape(), h.byteOrder(), h.fortranOrder(), b, (int) h.dataOffset());
        return new Decoded(Format.NPY.id(), List.of(t), Map.of(), parsed.notes());
    }

    /**
     * The header of an .npy value from its first bytes, its data unread: {@code head} is the start of a value of
     * {@code valueLength} bytes (the whole value, or a range read of its start). Says how many bytes hold the header
     * when {@code head} is shorter, after checking the header length against numpy's limit and the value's length;
     * checks that the data the shape needs is there. The one tensor is named {@link Sniffer#UNNAMED}; an object array
     * (a pickle) is described in its {@code problem}.
     */
    public static HeaderRead readHeader(byte[] head, long valueLength) {
        try {
            return header(head, valueLength);
        } catch (RuntimeException e) {
            return new HeaderRead.Invalid(Format.NPY.id(), 0,
                    "unexpected decoder failure (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static HeaderRead header(byte[] b, long valueLength) {
        String fmt = Format.NPY.id();
        if (b.length < 12 && valueLength > b.length) {
            return new HeaderRead.NeedsBytes(fmt, Math.min(12, valueLength)); // magic, version, header length
        }
        if (!Bytes.startsWith(b, MAGIC)) {
            return new HeaderRead.Invalid(fmt, 0, "does not start with the .npy magic \\x93NUMPY");
        }
        if (valueLength < 10) {
            return new HeaderRead.Invalid(fmt, valueLength, "ends after " + valueLength
                    + " bytes, inside the version and header length");
        }
        int major = Bytes.u8(b, 6);
        int minor = Bytes.u8(b, 7);
        if (minor != 0 || major < 1 || major > 3) {
            return new HeaderRead.Invalid(fmt, 6, "unsupported .npy version " + major + "." + minor
                    + " (numpy writes 1.0, 2.0 and 3.0)");
        }
        int headerStart;
        long headerLength;
        if (major == 1) {
            headerStart = 10;
            headerLength = Bytes.u16le(b, 8); // v1.0: little-endian unsigned short
        } else {
            if (valueLength < 12) {
                return new HeaderRead.Invalid(fmt, valueLength, "ends after " + valueLength
                        + " bytes, inside the 4-byte header length");
            }
            headerStart = 12;
            headerLength = Bytes.u32le(b, 8); // v2.0/v3.0: little-endian unsigned int
        }
        // utf8 (v3) can take up to 4 bytes a character; anything longer cannot be within numpy's limit
        if (headerLength > 4L * MAX_HEADER_CHARS || (major < 3 && headerLength > MAX_HEADER_CHARS)) {
            return new HeaderRead.Invalid(fmt, 8, "header length " + headerLength + " is over numpy's limit of "
                    + MAX_HEADER_CHARS + " characters");
        }
        if (headerLength > valueLength - headerStart) {
            return new HeaderRead.Invalid(fmt, 8, "header length " + headerLength + " is more than the "
                    + (valueLength - headerStart) + " bytes that follow");
        }
        if (!Bytes.has(b, headerStart, headerLength)) {
            return new HeaderRead.NeedsBytes(fmt, headerStart + headerLength);
        }
        int dataStart = headerStart + (int) headerLength;
        String header;
        try {
            // v1/v2 headers are latin1, v3 headers utf8 (numpy/lib/format.py _header_size_info)
            header = (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, headerStart, (int) headerLength)).toString();
        } catch (CharacterCodingException e) {
            return new HeaderRead.Invalid(fmt, headerStart, "header is not valid UTF-8");
        }
        if (header.length() > MAX_HEADER_CHARS) {
            return new HeaderRead.Invalid(fmt, 8, "header is " + header.length() + " characters, over numpy's limit of "
                    + MAX_HEADER_CHARS);
        }
        Object parsed;
        try {
            parsed = PyLiteral.parse(header);
        } catch (PyLiteral.SyntaxError e) {
            return new HeaderRead.Invalid(fmt, headerStart + Math.min(e.position, headerLength),
                    "header is not a Python dict literal: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> dict) || !dict.keySet().equals(KEYS)) {
            return new HeaderRead.Invalid(fmt, headerStart,
                    "header must be a dict with exactly the keys 'descr', 'fortran_order' and 'shape'");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            return new HeaderRead.Invalid(fmt, headerStart, "fortran_order is not True or False");
        }
        long[] shape = shape(dict.get("shape"));
        if (shape == null) {
            return new HeaderRead.Invalid(fmt, headerStart, "shape is not a tuple of non-negative integers");
        }
        if (!(dict.get("descr") instanceof String descr)) {
            return new HeaderRead.Invalid(fmt, headerStart,
                    "descr is not a simple dtype string (structured dtypes are not supported)");
        }
        if (descr.equals("|O") || descr.equals("O") || descr.equals("|O8") || descr.equals("<O8")) {
            TensorHeader object = new TensorHeader(Sniffer.UNNAMED, null, descr, shape, ByteOrder.LITTLE_ENDIAN,
                    fortran, dataStart, valueLength - dataStart, "numpy object array: the data is a pickle, not decoded");
            return new HeaderRead.Parsed(fmt, dataStart, List.of(object), Map.of(), List.of());
        }
        NpyDtype dtype = NpyDtype.parse(descr);
        if (dtype == null) {
            return new HeaderRead.Invalid(fmt, headerStart, "dtype " + descr + " is not a numeric dtype this viewer decodes");
        }
        long count = Tensor.elementCount(shape);
        long needed = Bytes.checkedProduct(count, dtype.type().size());
        if (count < 0 || needed < 0) {
            return new HeaderRead.Invalid(fmt, headerStart, "shape " + Tensor.shapeText(shape) + " overflows");
        }
        long available = valueLength - dataStart;
        if (needed > available) {
            return new HeaderRead.Invalid(fmt, dataStart, "data is " + available + " bytes but shape "
                    + Tensor.shapeText(shape) + " of " + descr + " needs " + needed + " bytes");
        }
        List<String> notes = new ArrayList<>();
        if (dtype.note() != null) {
            notes.add(dtype.note());
        }
        if (available > needed) {
            notes.add((available - needed) + " bytes after the data were ignored (the data is " + needed + " bytes)");
        }
        TensorHeader t = new TensorHeader(Sniffer.UNNAMED, dtype.type(), descr, shape, dtype.order(), fortran,
                dataStart, needed, null);
        return new HeaderRead.Parsed(fmt, dataStart, List.of(t), Map.of(), notes);
    }

    private static long[] shape(Object value) {
        if (!(value instanceof PyLiteral.Tuple tuple)) {
            return null;
        }
        long[] shape = new long[tuple.items().size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(tuple.items().get(i) instanceof BigInteger n) || n.signum() < 0 || n.bitLength() > 63) {
                return null;
            }
            shape[i] = n.longValue();
        }
        return shape;
    }

    /** A numpy {@code descr} string understood: element type, byte order, and a note for guessed types. */
    record NpyDtype(DType type, ByteOrder order, String note) {

        static NpyDtype parse(String descr) {
            if (descr.length() < 2) {
                return null;
            }
            char orderChar = descr.charAt(0);
            String code = descr.substring(1);
            ByteOrder order;
            switch (orderChar) {
                case '<', '=', '|' -> order = ByteOrder.LITTLE_ENDIAN; // '=' is native: little-endian on x86/ARM
                case '>' -> order = ByteOrder.BIG_ENDIAN;
                default -> {
                    return null;
                }
            }
            if (code.equals("V2")) {
                // ml_dtypes' bfloat16 is saved as an anonymous 2-byte void: the dtype is lost (ml-state-formats.md)
                return new NpyDtype(DType.BFLOAT16, order, "dtype " + descr + ": probably bfloat16 (ml_dtypes); confirm");
            }
            DType type = switch (code) {
                case "f2" -> DType.FLOAT16;
                case "f4" -> DType.FLOAT32;
                case "f8" -> DType.FLOAT64;
                case "i1" -> DType.INT8;
                case "i2" -> DType.INT16;
                case "i4" -> DType.INT32;
                case "i8" -> DType.INT64;
                case "u1" -> DType.UINT8;
                case "u2" -> DType.UINT16;
                case "u4" -> DType.UINT32;
                case "u8" -> DType.UINT64;
                case "b1" -> DType.BOOL;
                case "c8" -> DType.COMPLEX64;
                case "c16" -> DType.COMPLEX128;
                default -> null;
            };
            return type == null ? null : new NpyDtype(type, order, null);
        }
    }
}
