package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DecodeResult.Opaque;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognises serialized objects that must never be deserialized here (executing a pickle or a Java stream runs
 * the writer's code) and describes them from their bytes: pickles, torch.save files in both formats, Java
 * serialization and Feast online-store rows.
 */
public final class OpaqueRecognizer {

    /** A legacy torch.save file begins with a protocol-2 pickle of the magic number 0x1950a86a20f9469cfc6c
     * (torch/serialization.py {@code MAGIC_NUMBER}) as LONG1: {@code 80 02 8a 0a} + the 10 little-endian bytes. */
    static final byte[] LEGACY_TORCH_MAGIC = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c,
            0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};
    /** {@code STREAM_MAGIC} and {@code STREAM_VERSION} of java.io.ObjectStreamConstants. */
    static final byte[] JAVA_SERIALIZATION_MAGIC = {(byte) 0xAC, (byte) 0xED, 0x00, 0x05};
    /** Feast's Redis online store keeps one {@code _ts:<feature view>} field per view in each entity's hash. */
    static final String FEAST_TIMESTAMP_PREFIX = "_ts:";

    private static final byte TC_CLASSDESC = 0x72;
    private static final byte TC_STRING = 0x74;

    private OpaqueRecognizer() {
    }

    /** The opaque format these bytes are, described; empty when they are none of them. */
    public static Optional<Opaque> recognize(byte[] value, ValueContext ctx) {
        try {
            if (Bytes.startsWith(value, JAVA_SERIALIZATION_MAGIC)) {
                return Optional.of(javaSerialization(value));
            }
            if (Bytes.startsWith(value, LEGACY_TORCH_MAGIC)) {
                return Optional.of(legacyTorch(value));
            }
            if (isPickleMagic(value)) {
                return Optional.of(pickle(value));
            }
            if (ZipDirectory.looksLikeZip(value)) {
                return torchZip(value);
            }
            if (ctx != null && isFeastRow(ctx)) {
                return Optional.of(feast(value, ctx));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // a recogniser that fails recognises nothing; the decoders report the bytes
        }
    }

    /** Protocol 2+ pickles start with PROTO (0x80) and a protocol number up to 5. */
    static boolean isPickleMagic(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0x80 && (b[1] & 0xFF) >= 2 && (b[1] & 0xFF) <= 5;
    }

    /** Protocol 0/1 pickles have no magic: accept them only when every opcode is valid up to a final STOP. */
    static boolean isUnframedPickle(byte[] b) {
        if (b.length < 2 || b[b.length - 1] != '.') {
            return false;
        }
        PickleScanner.Scan s = PickleScanner.scan(b, 0);
        return s.complete() && s.stopOffset() == b.length;
    }

    static boolean isFeastRow(ValueContext ctx) {
        return ctx.siblingFields().keySet().stream().anyMatch(f -> f.startsWith(FEAST_TIMESTAMP_PREFIX));
    }

    static Opaque pickle(byte[] b) {
        PickleScanner.Scan s = PickleScanner.scan(b, 0);
        List<String> details = new ArrayList<>();
        details.add(s.protocol() >= 0 ? "protocol " + s.protocol() : "protocol 0 or 1 (no PROTO opcode)");
        addGlobals(details, s);
        if (!s.complete()) {
            details.add("opcode scan stopped at byte " + s.errorOffset() + ": " + s.error());
        } else if (s.stopOffset() < b.length) {
            details.add((b.length - s.stopOffset()) + " bytes follow the STOP opcode");
        }
        return new Opaque(Format.PICKLE.id(), "Python pickle: recognised, never unpickled (unpickling runs code)",
                details);
    }

    private static Opaque legacyTorch(byte[] b) {
        List<String> details = new ArrayList<>();
        details.add("legacy torch.save format (before PyTorch 1.6): a sequence of pickles then raw storages");
        int at = 0;
        List<String> globals = new ArrayList<>();
        for (int i = 0; i < 4 && at < b.length; i++) {
            PickleScanner.Scan s = PickleScanner.scan(b, at);
            s.globals().stream().filter(g -> !globals.contains(g)).forEach(globals::add);
            if (!s.complete()) {
                break;
            }
            at = s.stopOffset();
        }
        if (!globals.isEmpty()) {
            details.add("references " + String.join(", ", globals));
        }
        return new Opaque(Format.TORCH_LEGACY.id(), "PyTorch file (legacy torch.save): recognised, never unpickled",
                details);
    }

    private static Optional<Opaque> torchZip(byte[] b) {
        List<ZipDirectory.Entry> entries;
        try {
            entries = ZipDirectory.read(b);
        } catch (ZipDirectory.ZipException e) {
            return Optional.empty();
        }
        ZipDirectory.Entry pkl = entries.stream()
                .filter(e -> e.name().equals("data.pkl") || e.name().endsWith("/data.pkl")).findFirst().orElse(null);
        if (pkl == null) {
            return Optional.empty();
        }
        String prefix = pkl.name().substring(0, pkl.name().length() - "data.pkl".length());
        List<String> details = new ArrayList<>();
        details.add("archive " + (prefix.isEmpty() ? "(no folder)" : prefix.substring(0, prefix.length() - 1)));
        long storages = entries.stream().filter(e -> e.name().startsWith(prefix + "data/")).count();
        details.add(storages + " storage" + (storages == 1 ? "" : "s") + " under " + prefix + "data/");
        smallText(b, entries, prefix + "version").ifPresent(v -> details.add("format version " + v));
        smallText(b, entries, prefix + "byteorder").ifPresent(v -> details.add("byte order " + v));
        try {
            byte[] pickle = ZipDirectory.extract(b, pkl, NpzCodec.capFor(b.length));
            PickleScanner.Scan s = PickleScanner.scan(pickle, 0);
            details.add("data.pkl: " + (s.protocol() >= 0 ? "pickle protocol " + s.protocol() : "pickle"));
            addGlobals(details, s);
        } catch (ZipDirectory.ZipException e) {
            details.add("data.pkl could not be read: " + e.getMessage());
        }
        return Optional.of(new Opaque(Format.TORCH.id(), "PyTorch file (torch.save zip): recognised, never unpickled",
                details));
    }

    private static Optional<String> smallText(byte[] b, List<ZipDirectory.Entry> entries, String name) {
        for (ZipDirectory.Entry e : entries) {
            if (e.name().equals(name) && e.uncompressedSize() <= 64) {
                try {
                    return Optional.of(new String(ZipDirectory.extract(b, e, 64), StandardCharsets.UTF_8).trim());
                } catch (ZipDirectory.ZipException ex) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Opaque javaSerialization(byte[] b) {
        List<String> details = new ArrayList<>();
        // after the magic: TC_OBJECT/TC_ARRAY/TC_ENUM then TC_CLASSDESC, a u2 length and the modified-UTF-8 name
        int at = 4;
        while (at < Math.min(b.length, 7) && b[at] != TC_CLASSDESC && b[at] != TC_STRING) {
            at++;
        }
        if (at < b.length && Bytes.has(b, at + 1L, 2)) {
            int n = Bytes.u16be(b, at + 1);
            if (Bytes.has(b, at + 3L, n)) {
                String text = new String(b, at + 3, Math.min(n, 256), StandardCharsets.UTF_8);
                details.add(b[at] == TC_CLASSDESC ? "first class " + text : "a serialized String");
            }
        }
        if (details.isEmpty()) {
            details.add("no class descriptor at the start of the stream");
        }
        return new Opaque(Format.JAVA_SERIALIZATION.id(),
                "Java serialization stream: recognised, never deserialized (deserializing runs code)", details);
    }

    private static Opaque feast(byte[] b, ValueContext ctx) {
        List<String> details = new ArrayList<>();
        List<String> views = ctx.siblingFields().keySet().stream().filter(f -> f.startsWith(FEAST_TIMESTAMP_PREFIX))
                .map(f -> f.substring(FEAST_TIMESTAMP_PREFIX.length())).sorted().toList();
        details.add("feature view" + (views.size() == 1 ? " " : "s ") + String.join(", ", views));
        if (b.length > 0) {
            long tag = b[0] & 0x7F; // first key of a protobuf message: field number << 3 | wire type
            String field = feastValueField((int) (tag >> 3));
            if (field != null) {
                details.add("protobuf feast.types.Value, probably " + field);
            }
        }
        return new Opaque(Format.FEAST.id(), "Feast online-store feature value (protobuf): not decoded", details);
    }

    /** Field numbers of the {@code val} oneof of feast/protos/feast/types/Value.proto. */
    private static String feastValueField(int number) {
        return switch (number) {
            case 1 -> "bytes_val";
            case 2 -> "string_val";
            case 3 -> "int32_val";
            case 4 -> "int64_val";
            case 5 -> "double_val";
            case 6 -> "float_val";
            case 7 -> "bool_val";
            case 8 -> "unix_timestamp_val";
            case 11 -> "bytes_list_val";
            case 12 -> "string_list_val";
            case 13 -> "int32_list_val";
            case 14 -> "int64_list_val";
            case 15 -> "double_list_val";
            case 16 -> "float_list_val";
            case 17 -> "bool_list_val";
            case 18 -> "unix_timestamp_list_val";
            case 19 -> "null_val";
            default -> null;
        };
    }

    private static void addGlobals(List<String> details, PickleScanner.Scan s) {
        if (!s.globals().isEmpty()) {
            details.add("references " + String.join(", ", s.globals()));
        }
    }
}
