package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.KeyInfo;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisOperationException;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ValueReader;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.mlstate.HashFieldTensors;
import dev.tensorlens.mlstate.LayoutRecognizer;
import dev.tensorlens.mlstate.TensorRef;
import dev.tensorlens.tensor.codec.RedisAiCodec;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.ValueContext;
import dev.tensorlens.tensor.stats.Histogram;
import dev.tensorlens.tensor.stats.TensorStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tensorlens inspect}: what a value holds — its format and, for every tensor in it, dtype, shape and
 * statistics. Exit 0 when decoded, 3 when the value is not a decodable tensor, 2 for usage and connection errors.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Decode one value (or every tensor of a hash or safetensors blob) and print its format, "
                + "dtype, shape and statistics.%nExit 0 when decoded, 3 when it is not a decodable tensor, "
                + "2 for usage or connection errors.")
public final class InspectCommand implements Callable<Integer> {

    /** The value is there but holds no tensor we can decode: recognised opaque formats and malformed input. */
    public static final int EXIT_NOT_A_TENSOR = 3;
    static final List<String> METADATA_FIELDS = HashFieldTensors.METADATA_FIELDS;
    static final int MAX_HASH_FIELDS = 10_000;
    static final long DEFAULT_MAX_BYTES = 256L << 20;

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOption server;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key; \\xNN escapes for binary keys.")
    String key;

    @Option(names = "--field", paramLabel = "FIELD", description = "One field of a hash.")
    String field;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--max-bytes", paramLabel = "BYTES", defaultValue = "" + DEFAULT_MAX_BYTES,
            description = "Refuse values larger than this, measured before reading (default ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--bins", paramLabel = "N", description = "Histogram bins (default ${DEFAULT-VALUE}, at most 512).",
            defaultValue = "" + Histogram.DEFAULT_BINS)
    int bins;

    /** What inspecting found, whatever went right or wrong. */
    record Report(String key, String field, String format, List<Tensor> tensors, String note, DecodeResult.Malformed error,
                  boolean opaque) {
    }

    @Override
    public Integer call() throws Exception {
        if (bins < 1 || bins > Histogram.MAX_BINS) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--bins: " + bins + " is not between 1 and " + Histogram.MAX_BINS);
        }
        ConnectionProfile profile = server.profile();
        Report report;
        try (RedisSession session = RedisSession.open(profile).join()) {
            report = read(new ValueReader(session), Keys.bytes(key));
        } catch (OutOfMemoryError e) {
            throw new RedisOperationException("inspect", "Reading " + key + " ran out of memory. Give Java more "
                    + "(-Xmx) or refuse such values with a lower --max-bytes.", null);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(report));
        } else {
            printText(out, report);
        }
        out.flush();
        return report.tensors().isEmpty() ? EXIT_NOT_A_TENSOR : 0;
    }

    private Report read(ValueReader reader, byte[] keyBytes) {
        KeyInfo info = reader.describe(keyBytes).join();
        if (!info.exists()) {
            throw new RedisOperationException("inspect", "The key " + key + " does not exist.", null);
        }
        if (field != null && !info.type().equals("hash")) {
            throw new RedisOperationException("inspect", "--field needs a hash; " + key + " is a " + info.type() + ".", null);
        }
        return switch (info.type()) {
            case "string" -> {
                checkSize(info.size());
                yield decodeOne(reader.readString(keyBytes, info.size(), n -> { }).join(), "string", Map.of(), null);
            }
            case "hash" -> field != null ? readField(reader, keyBytes) : readWholeHash(reader, keyBytes, info);
            case "AI_TENSOR" -> redisAi(reader.readRedisAiTensor(keyBytes).join());
            default -> new Report(key, field, info.type(), List.of(),
                    "A " + info.type() + " holds members, not a tensor value.", null, false);
        };
    }

    /** Size before fetch: a value larger than --max-bytes is refused before any of it is read. */
    private void checkSize(long bytes) {
        if (bytes > maxBytes) {
            throw new RedisOperationException("inspect", key + (field != null ? " field " + field : "") + " is "
                    + bytes + " bytes, more than --max-bytes " + maxBytes + "; raise it to read the value.", null);
        }
    }

    private Report redisAi(List<Object> reply) {
        DecodeResult result = RedisAiCodec.decode(reply);
        return report(result, null);
    }

    private Report readField(ValueReader reader, byte[] keyBytes) {
        byte[] fieldBytes = Keys.bytes(field);
        if (!reader.readHashFields(keyBytes, List.of(field)).join().containsKey(field)) {
            throw new RedisOperationException("inspect", "The hash " + key + " has no field " + field + ".", null);
        }
        checkSize(reader.hashFieldLength(keyBytes, fieldBytes).join());
        byte[] value = reader.readHashField(keyBytes, fieldBytes).join();
        Map<String, byte[]> found = reader.readHashFields(keyBytes, HashFieldTensors.siblingNames(field)).join();
        return decodeOne(value, "hash", HashFieldTensors.siblingsOf(field, found), field);
    }

    /**
     * Every field of the hash that holds a tensor (the recogniser tells tensor fields from their {@code dtype}
     * and {@code shape} fields), each decoded with its own metadata as context.
     */
    private Report readWholeHash(ValueReader reader, byte[] keyBytes, KeyInfo info) {
        if (info.memoryBytes() > maxBytes) {
            throw new RedisOperationException("inspect", key + " takes about " + info.memoryBytes()
                    + " bytes of server memory, more than --max-bytes " + maxBytes
                    + "; name one --field, or raise --max-bytes.", null);
        }
        Map<String, byte[]> fields = reader.readHash(keyBytes, info.size(), MAX_HASH_FIELDS).join();
        List<Tensor> tensors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> formats = new ArrayList<>();
        DecodeResult.Malformed firstError = null;
        boolean opaque = false;
        for (TensorRef ref : LayoutRecognizer.tensorsOfHash(key, fields.keySet())) {
            Map<String, byte[]> siblings = new LinkedHashMap<>(fields); // Feast rows are known by their _ts: fields
            siblings.remove(ref.field());
            if (ref.dtypeField() != null) {
                siblings.put("dtype", fields.get(ref.dtypeField()));
                siblings.put("shape", fields.get(ref.shapeField()));
            } else {
                METADATA_FIELDS.forEach(siblings::remove);
            }
            DecodeResult result = Sniffer.decode(fields.get(ref.field()), new ValueContext(key, "hash", siblings, List.of()));
            if (!formats.contains(result.format())) {
                formats.add(result.format());
            }
            if (result instanceof DecodeResult.Decoded d) {
                d.tensors().forEach(t -> tensors.add(named(t, ref.field())));
            } else if (result instanceof DecodeResult.Opaque o) {
                opaque = true;
                notes.add(ref.field() + ": " + o.description());
            } else if (result instanceof DecodeResult.Malformed m) {
                firstError = firstError == null ? m : firstError;
                notes.add(ref.field() + ": " + m.format() + " at byte " + m.offset() + ": " + m.reason());
            }
        }
        String format = formats.size() == 1 ? formats.get(0) : "hash of " + String.join(", ", formats);
        return new Report(key, null, format, tensors, notes.isEmpty() ? null : String.join("; ", notes),
                tensors.isEmpty() ? firstError : null, opaque);
    }

    private Report decodeOne(byte[] value, String type, Map<String, byte[]> siblings, String fieldName) {
        return report(Sniffer.decode(value, new ValueContext(key, type, siblings, List.of())), fieldName);
    }

    private Report report(DecodeResult result, String fieldName) {
        if (result instanceof DecodeResult.Decoded d) {
            return new Report(key, fieldName, d.format(),
                    d.tensors().stream().map(t -> named(t, fieldName != null ? fieldName : key)).toList(),
                    d.notes().isEmpty() ? null : String.join("; ", d.notes()), null, false);
        }
        if (result instanceof DecodeResult.Opaque o) {
            return new Report(key, fieldName, o.format(), List.of(),
                    o.description() + (o.details().isEmpty() ? "" : " (" + String.join("; ", o.details()) + ")"), null, true);
        }
        DecodeResult.Malformed m = (DecodeResult.Malformed) result;
        return new Report(key, fieldName, m.format(), List.of(), null, m, false);
    }

    private static Tensor named(Tensor t, String fallback) {
        return HashFieldTensors.named(t, fallback);
    }

    private String toJson(Report r) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("key", r.key());
        root.put("field", r.field());
        root.put("format", r.format());
        ArrayNode tensors = root.putArray("tensors");
        for (Tensor t : r.tensors()) {
            TensorStats s = TensorStats.of(t);
            ObjectNode node = tensors.addObject();
            node.put("name", t.name());
            node.put("dtype", t.dtype().numpyName());
            ArrayNode shape = node.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            ObjectNode stats = node.putObject("stats");
            stats.put("count", s.count());
            stats.put("nan", s.nan());
            stats.put("posinf", s.posInf());
            stats.put("neginf", s.negInf());
            stats.put("zeros", s.zeros());
            putFinite(stats, "min", s.min());
            putFinite(stats, "max", s.max());
            putFinite(stats, "mean", s.mean());
            putFinite(stats, "std", s.std());
            if (wasBinsGiven()) {
                Histogram h = Histogram.linear(t, s, bins);
                ObjectNode hist = node.putObject("histogram");
                ArrayNode edges = hist.putArray("edges");
                for (double e : h.edges()) {
                    edges.add(e);
                }
                ArrayNode counts = hist.putArray("counts");
                for (long c : h.counts()) {
                    counts.add(c);
                }
            }
        }
        root.put("note", r.note());
        if (r.error() == null) {
            root.putNull("error");
        } else {
            ObjectNode error = root.putObject("error");
            error.put("format", r.error().format());
            error.put("offset", r.error().offset());
            error.put("reason", r.error().reason());
        }
        return mapper.writeValueAsString(root);
    }

    private boolean wasBinsGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--bins");
    }

    private static void putFinite(ObjectNode node, String name, double v) {
        if (Double.isFinite(v)) {
            node.put(name, v);
        } else {
            node.putNull(name);
        }
    }

    private void printText(PrintWriter out, Report r) {
        out.printf("%-8s %s%s%n", "key", r.key(), r.field() != null ? "  field " + r.field() : "");
        out.printf("%-8s %s%n", "format", r.format());
        for (Tensor t : r.tensors()) {
            TensorStats s = TensorStats.of(t);
            out.println();
            out.printf("%s  %s %s%n", t.name(), t.dtype().numpyName(), Tensor.shapeText(t.shape()));
            out.printf(Locale.ROOT, "  count %,d   nan %,d   +inf %,d   -inf %,d   zeros %,d (%.1f%%)%n",
                    s.count(), s.nan(), s.posInf(), s.negInf(), s.zeros(), 100 * s.sparsity());
            if (s.finiteCount() > 0) {
                out.printf(Locale.ROOT, "  min %s   max %s   mean %s   std %s%n",
                        num(s.min()), num(s.max()), num(s.mean()), num(s.std()));
                Histogram h = Histogram.linear(t, s, bins);
                out.printf("  %s  [%s, %s] in %d bins%n", sparkline(h.counts()), num(h.edges()[0]),
                        num(h.edges()[h.edges().length - 1]), h.counts().length);
            }
        }
        if (r.note() != null) {
            out.printf("%n%-8s %s%n", "note", r.note());
        }
        if (r.error() != null) {
            out.printf("%n%-8s not a valid %s value: at byte %d, %s%n", "error", r.error().format(),
                    r.error().offset(), r.error().reason());
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** Up to 64 columns of block characters, each the tallest of the bins it covers. */
    static String sparkline(long[] counts) {
        String levels = " ▁▂▃▄▅▆▇█";
        int columns = Math.min(64, counts.length);
        long[] merged = new long[columns];
        for (int i = 0; i < counts.length; i++) {
            int c = (int) ((long) i * columns / counts.length);
            merged[c] = Math.max(merged[c], counts[i]);
        }
        long max = 1;
        for (long m : merged) {
            max = Math.max(max, m);
        }
        StringBuilder b = new StringBuilder();
        for (long m : merged) {
            b.append(levels.charAt(m == 0 ? 0 : (int) Math.max(1, Math.round(8.0 * m / max))));
        }
        return b.toString();
    }
}
