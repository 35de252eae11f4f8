package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisErrors;
import dev.tensorlens.redis.RedisOperationException;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.TensorLoad;
import dev.tensorlens.redis.TensorLoader;
import dev.tensorlens.redis.ValueTooLargeException;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.ImageLayout;
import dev.tensorlens.tensor.stats.Histogram;
import dev.tensorlens.tensor.stats.TensorStats;
import dev.tensorlens.tensor.write.NumpyText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code tensorlens inspect}: what a value holds — its format and, for every tensor in it, dtype, shape and
 * statistics, and with {@code --head} its first rows as numpy prints them. The {@link TensorLoader} reads and decodes
 * (sizes first, refusals, chunks, words for what is not a tensor); this class reads the arguments and prints the
 * {@link InspectReport}. Exit 0 when decoded, 3 when the value is not a decodable tensor, 2 for usage and connection
 * errors.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Decode one value (or every tensor of a hash or safetensors blob) and print its format, "
                + "dtype, shape and statistics.%n"
                + "A value in no tensor format is said in a note (\"KEY holds UTF-8 text of 171 bytes, not a "
                + "tensor.\"; with --json: format \"unknown\", that note, and error null); a value in a tensor "
                + "format that does not decode gets the error: format, byte offset and reason.%n"
                + "With --head N, each tensor's first N rows follow its statistics, written as numpy prints them.%n"
                + "Exit 0 when decoded, 3 when it is not a decodable tensor, 2 for usage or connection errors.")
public final class InspectCommand implements Callable<Integer> {

    /** The value is there but holds no tensor we can decode: recognised opaque formats and malformed input. */
    public static final int EXIT_NOT_A_TENSOR = 3;
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

    @Option(names = "--head", paramLabel = "N",
            description = "After each tensor's statistics, its first N rows as numpy prints them: "
                    + "x.reshape(-1, x.shape[-1])[:N], a vector one value per row. For a batch of images, the first N "
                    + "pixel rows of image 0: x[0][r] for N×H×W, x[0][r].ravel() for N×H×W×C, "
                    + "x[0].transpose(1, 2, 0)[r].ravel() for N×C×H×W (each pixel's channels side by side). "
                    + "With --json: \"head\": [rows].")
    Integer head;

    @Override
    public Integer call() throws Exception {
        if (bins < 1 || bins > Histogram.MAX_BINS) {
            throw new ParameterException(spec.commandLine(), "--bins: " + bins + " is not between 1 and " + Histogram.MAX_BINS);
        }
        if (head != null && head < 1) {
            throw new ParameterException(spec.commandLine(), "--head: " + head + " is not 1 or more");
        }
        InspectReport report = InspectReport.of(key, field, load());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(report));
        } else {
            printText(out, report);
        }
        out.flush();
        return report.tensors().isEmpty() ? EXIT_NOT_A_TENSOR : 0;
    }

    /** The key, or its {@code --field}, read and decoded; the decode runs here, on this thread. */
    private TensorLoad load() throws InterruptedException {
        try (RedisSession session = RedisSession.open(server.profile()).join()) {
            CallingThreadExecutor thisThread = new CallingThreadExecutor();
            TensorLoader loader = new TensorLoader(session, thisThread);
            byte[] keyBytes = Keys.bytes(key);
            CompletableFuture<TensorLoad> loading = field != null
                    ? loader.loadField(keyBytes, field, maxBytes, TensorLoader.Progress.NONE)
                    : loader.loadKey(keyBytes, maxBytes, TensorLoader.Progress.NONE);
            return thisThread.join(loading);
        } catch (CompletionException e) {
            throw inTheseWords(RedisErrors.unwrap(e));
        } catch (OutOfMemoryError e) {
            throw outOfMemory();
        }
    }

    /** The loader's refusals said with this command's options; a decode that ran out of memory said so. */
    private RuntimeException inTheseWords(Throwable failure) {
        if (failure instanceof ValueTooLargeException big) {
            String sentence = big.measure() == ValueTooLargeException.Measure.SERVER_MEMORY
                    ? big.what() + " takes about " + big.bytes() + " bytes of server memory, more than --max-bytes "
                            + big.limit() + "; name one --field, or raise --max-bytes."
                    : big.what() + " is " + big.bytes() + " bytes, more than --max-bytes " + big.limit()
                            + "; raise it to read the value.";
            return new RedisOperationException("inspect", sentence, big);
        }
        if (failure instanceof OutOfMemoryError) {
            return outOfMemory();
        }
        return failure instanceof RuntimeException r ? r : RedisErrors.wrap("inspect", failure);
    }

    private RedisOperationException outOfMemory() {
        return new RedisOperationException("inspect", "Reading " + key + " ran out of memory. Give Java more "
                + "(-Xmx) or refuse such values with a lower --max-bytes.", null);
    }

    private String toJson(InspectReport r) throws Exception {
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
            if (head != null) {
                ArrayNode rows = node.putArray("head");
                headRows(t, head).lines().forEach(rows::add);
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

    private void printText(PrintWriter out, InspectReport r) {
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
            if (head != null) {
                Head rows = headRows(t, head);
                out.printf("  head  %s%n", rows.title());
                for (String line : rows.lines()) {
                    out.println("    " + line);
                }
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

    /** The rows {@code --head} shows, and what they are rows of. */
    record Head(String title, List<String> lines) {
    }

    /**
     * The first {@code n} rows of {@code t}: pixel rows of image 0 when its shape reads as a batch of images (the rows
     * of a table of samples would each be a whole image), rows of its 2-D view otherwise.
     */
    static Head headRows(Tensor t, int n) {
        long[] shape = t.shape();
        Optional<ImageLayout> layout = ImageLayout.detect(shape);
        if (layout.isPresent() && layout.get().batch()) {
            ImageLayout l = layout.get();
            NumpyText text = NumpyText.imageRows(t, l, 0, n);
            String pixels = l.channelsFirst() || l.channelsLast()
                    ? ", each pixel's " + l.channels(shape) + " channels side by side" : "";
            return new Head(first(text) + " of image 0 of " + Tensor.shapeText(shape) + " (" + l.label() + pixels + ")",
                    text.lines());
        }
        NumpyText text = NumpyText.of(t, 0, n);
        String as = "";
        if (shape.length > 2) {
            long cols = shape[shape.length - 1];
            as = " as " + Tensor.shapeText(new long[] {cols == 0 ? 0 : t.elementCount() / cols, cols});
        }
        return new Head(first(text) + " of " + Tensor.shapeText(shape) + as, text.lines());
    }

    private static String first(NumpyText text) {
        return "first " + text.rowCount() + (text.rowCount() == 1 ? " row" : " rows");
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
