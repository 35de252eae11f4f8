package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.ChunkedBytes;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.DecodeResult.Malformed;
import dev.tensorlens.tensor.codec.Sniff.Confidence;

import java.util.Optional;

/**
 * Tells which encoding a Redis value is in, from its magic bytes and its context (sibling hash fields, user rules),
 * and decodes it with the right codec. The user can always override the guess with
 * {@link #decode(byte[], Format, RawSpec)}.
 */
public final class Sniffer {

    /**
     * The name decoders give a tensor that carries no name of its own (one .npy, raw bytes, a JSON list or
     * scalar); callers name it after its key or hash field.
     */
    public static final String UNNAMED = "array";

    private static final byte[] PK = {'P', 'K'};

    private Sniffer() {
    }

    public static Sniff sniff(byte[] value, ValueContext ctx) {
        ValueContext c = ctx == null ? ValueContext.none() : ctx;
        byte[] v = value == null ? new byte[0] : value;
        try {
            return sniffChecked(v, c);
        } catch (RuntimeException e) {
            return new Sniff(Format.UNKNOWN, Confidence.LOW, "the sniffer failed on these bytes (a bug): " + e);
        }
    }

    private static Sniff sniffChecked(byte[] v, ValueContext c) {
        if (Bytes.startsWith(v, NpyCodec.MAGIC)) {
            return new Sniff(Format.NPY, Confidence.HIGH, "starts with the .npy magic \\x93NUMPY");
        }
        if (Bytes.startsWith(v, OpaqueRecognizer.JAVA_SERIALIZATION_MAGIC)) {
            return new Sniff(Format.JAVA_SERIALIZATION, Confidence.HIGH, "starts with the Java serialization magic AC ED 00 05");
        }
        if (Bytes.startsWith(v, OpaqueRecognizer.LEGACY_TORCH_MAGIC)) {
            return new Sniff(Format.TORCH_LEGACY, Confidence.HIGH, "starts with the pickled torch.save magic number");
        }
        if (OpaqueRecognizer.isPickleMagic(v)) {
            return new Sniff(Format.PICKLE, Confidence.HIGH, "starts with pickle PROTO opcode 0x80, protocol " + v[1]);
        }
        if (ZipDirectory.looksLikeZip(v)) {
            return sniffZip(v);
        }
        if (OpaqueRecognizer.isFeastRow(c)) {
            return new Sniff(Format.FEAST, Confidence.HIGH, "a hash with _ts: fields, as Feast's Redis online store writes");
        }
        Optional<RawSpec> rule = ruleSpec(c);
        if (rule.isPresent()) {
            return new Sniff(Format.RAW, Confidence.HIGH, "key matches a decoder rule: " + rule.get());
        }
        Optional<RawSpec> fields = RawCodec.specFromFields(c.siblingFields());
        if (fields.isPresent() && fields.get().byteLength() == v.length) {
            return new Sniff(Format.RAW, Confidence.HIGH, "sibling fields give dtype and shape: " + fields.get());
        }
        if (looksLikeSafetensors(v)) {
            return new Sniff(Format.SAFETENSORS, Confidence.HIGH, "an 8-byte header length that fits, then '{'");
        }
        if (startsLikeSafetensorsHeader(v)) {
            // a header length past the end of the value, but the header text is there: a broken safetensors
            // blob, which deserves the safetensors decoder's exact complaint rather than "unknown"
            return new Sniff(Format.SAFETENSORS, Confidence.MEDIUM, "'{\"' after an 8-byte header length");
        }
        if (JsonCodec.isNumpyScalar(v)) {
            return new Sniff(Format.JSON, Confidence.HIGH, "a NumPy scalar repr such as np.float64(1.5)");
        }
        if (looksLikeJson(v)) {
            return new Sniff(Format.JSON, Confidence.MEDIUM, "text that starts like a JSON number, list or object");
        }
        if (OpaqueRecognizer.isUnframedPickle(v)) {
            return new Sniff(Format.PICKLE, Confidence.MEDIUM, "valid pickle opcodes up to a final STOP (protocol 0 or 1)");
        }
        if (fields.isPresent()) {
            return new Sniff(Format.RAW, Confidence.LOW, "sibling fields give dtype and shape " + fields.get()
                    + ", though the length does not fit them");
        }
        return new Sniff(Format.UNKNOWN, Confidence.LOW,
                "no npy, npz, safetensors, JSON, pickle or torch signature, and no dtype and shape for raw bytes");
    }

    private static Sniff sniffZip(byte[] v) {
        if (OpaqueRecognizer.recognize(v, ValueContext.none()).isPresent()) {
            return new Sniff(Format.TORCH, Confidence.HIGH, "a zip archive with a data.pkl entry, as torch.save writes");
        }
        boolean npy = NpzCodec.memberNames(v).stream().anyMatch(n -> n.endsWith(".npy"));
        return new Sniff(Format.NPZ, npy ? Confidence.HIGH : Confidence.LOW, npy
                ? "a zip archive of .npy members" : "a zip archive (PK signature) without readable .npy members");
    }

    /** The spec of the first user rule whose pattern matches the key. */
    static Optional<RawSpec> ruleSpec(ValueContext c) {
        return c.rules().stream().filter(r -> r.matches(c.key())).map(KeyRule::spec).findFirst();
    }

    private static boolean looksLikeSafetensors(byte[] v) {
        if (v.length < 10) {
            return false;
        }
        long n = Bytes.u64le(v, 0);
        return n >= 2 && n <= v.length - 8L && v[8] == '{';
    }

    private static boolean startsLikeSafetensorsHeader(byte[] v) {
        return v.length >= 10 && Bytes.u64le(v, 0) >= 2 && v[8] == '{' && v[9] == '"';
    }

    private static boolean looksLikeJson(byte[] v) {
        for (byte b : v) {
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
                continue;
            }
            // N and I: Python's json.dumps writes NaN and Infinity for non-finite floats
            return b == '[' || b == '{' || b == '-' || (b >= '0' && b <= '9') || b == 'N' || b == 'I';
        }
        return false;
    }

    /** Sniffs, then decodes with the codec of the format found. */
    public static DecodeResult decode(byte[] value, ValueContext ctx) {
        ValueContext c = ctx == null ? ValueContext.none() : ctx;
        byte[] v = value == null ? new byte[0] : value;
        Sniff s = sniff(v, c);
        RawSpec spec = s.format() == Format.RAW
                ? ruleSpec(c).or(() -> RawCodec.specFromFields(c.siblingFields())).orElse(null) : null;
        return decodeAs(v, s.format(), spec, c, s.reason());
    }

    /**
     * {@link #decode(byte[], ValueContext)} of a value held in chunks: viewed in place when it can be
     * ({@link #decodeInPlace}), else from the value in one array.
     */
    public static DecodeResult decode(ChunkedBytes value, ValueContext ctx) {
        return decodeInPlace(value, ctx).orElseGet(() -> decode(value.toArray(), ctx));
    }

    /**
     * What {@link #decode(byte[], ValueContext)} gives for a value held in several chunks, viewed in them: a well-formed
     * .npy value, or raw bytes a key rule describes. Empty when the decoder takes one array: a value already held in one
     * ({@link ChunkedBytes#toArray()} is that array), every other format (JSON, safetensors, zip, pickle) and a
     * malformed value.
     */
    public static Optional<DecodeResult> decodeInPlace(ChunkedBytes value, ValueContext ctx) {
        ValueContext c = ctx == null ? ValueContext.none() : ctx;
        if (value.isOneArray()) {
            return Optional.empty();
        }
        byte[] first = value.chunks().get(0);
        if (Bytes.startsWith(first, NpyCodec.MAGIC)) {
            return NpyCodec.decodeInPlace(value, UNNAMED);
        }
        Optional<RawSpec> rule = ruleSpec(c);
        if (rule.isPresent() && !startsWithAnotherSignature(first, c)) {
            return RawCodec.decodeInPlace(value, rule.get(), UNNAMED);
        }
        return Optional.empty();
    }

    /** Whether {@link #sniff} would take {@code first}, a value's first chunk, for something before a key rule. */
    private static boolean startsWithAnotherSignature(byte[] first, ValueContext c) {
        return Bytes.startsWith(first, OpaqueRecognizer.JAVA_SERIALIZATION_MAGIC)
                || Bytes.startsWith(first, OpaqueRecognizer.LEGACY_TORCH_MAGIC)
                || OpaqueRecognizer.isPickleMagic(first)
                || Bytes.startsWith(first, PK)
                || OpaqueRecognizer.isFeastRow(c);
    }

    /**
     * The user's override: decode as {@code format}, with {@code spec} giving dtype, shape and order for raw bytes
     * (other formats carry their own and ignore it).
     */
    public static DecodeResult decode(byte[] value, Format format, RawSpec spec) {
        byte[] v = value == null ? new byte[0] : value;
        return decodeAs(v, format == null ? Format.UNKNOWN : format, spec, ValueContext.none(), "no format chosen");
    }

    private static DecodeResult decodeAs(byte[] v, Format format, RawSpec spec, ValueContext c, String why) {
        return Guard.run(format, () -> switch (format) {
            case NPY -> NpyCodec.decode(v);
            case NPZ -> NpzCodec.decode(v);
            case SAFETENSORS -> SafetensorsCodec.decode(v);
            case RAW -> RawCodec.decode(v, spec);
            case JSON -> JsonCodec.decode(v);
            case REDISAI -> new Malformed(format.id(), 0,
                    "RedisAI tensors are read with AI.TENSORGET, not as a string value");
            case PICKLE -> OpaqueRecognizer.pickle(v);
            case TORCH, TORCH_LEGACY, JAVA_SERIALIZATION, FEAST -> OpaqueRecognizer.recognize(v, c)
                    .filter(o -> o.format().equals(format.id()))
                    .<DecodeResult>map(o -> o)
                    .orElseGet(() -> new Malformed(format.id(), 0, "the bytes are not a " + format.id() + " value"));
            case UNKNOWN -> new Malformed(Format.UNKNOWN.id(), 0,
                    "no known tensor format matched (" + why + "); choose a format, or give a dtype and shape for raw bytes");
        });
    }
}
