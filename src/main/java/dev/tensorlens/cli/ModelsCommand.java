package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tensorlens.mlstate.CheckpointContents;
import dev.tensorlens.mlstate.LayerInfo;
import dev.tensorlens.mlstate.MlStateIndex;
import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelLayout;
import dev.tensorlens.mlstate.ModelVersion;
import dev.tensorlens.mlstate.TensorRef;
import dev.tensorlens.redis.CheckpointReader;
import dev.tensorlens.redis.MlStateCatalogue;
import dev.tensorlens.redis.RedisOperationException;
import dev.tensorlens.redis.RedisSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code tensorlens models}: every model the catalogue finds, and what each of its checkpoints holds, from the
 * tensors' headers alone ({@link CheckpointReader}): a table, or one JSON object. One version per checkpoint whatever
 * the layout; its {@code key} is the one key it reads, or for a version spread over several keys (one key per
 * tensor) the Redis glob that lists them: their common {@code :}-separated prefix followed by {@code :*}
 * ({@code model:x:v1:*}). The layout is the {@link ModelLayout} name in JSON ({@code HASH_PER_CHECKPOINT}) and in lower
 * case words in the table ({@code hash per checkpoint}). Exit 0 when every tensor's header was read, 3 when some could
 * not be (malformed, removed, not a tensor: each says why), 2 for usage and connection errors.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List every model, its versions and what each holds (format, tensors, parameters, bytes), "
                + "read from the tensors' headers alone, never their values.%n"
                + "With --json: {\"models\":[{\"name\",\"layout\",\"versions\":[{\"version\",\"key\",\"field\"?,"
                + "\"format\",\"parameters\",\"bytes\",\"tensors\":[{\"name\",\"key\",\"field\"?,\"dtype\",\"shape\","
                + "\"parameters\"}]}]}]}; \"variant\" on a model and \"problem\" on a tensor appear only when there is "
                + "one.%n"
                + "Exit 0 when every header was read, 3 when some tensor's could not be, 2 for usage or connection "
                + "errors.")
public final class ModelsCommand implements Callable<Integer> {

    /** Versions whose headers are read at the same time: each one's commands are pipelined already. */
    static final int VERSIONS_AT_ONCE = 16;

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOption server;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    /** One model and the contents of its versions, oldest first. */
    record ModelReport(ModelEntry model, List<CheckpointContents> versions) {
    }

    @Override
    public Integer call() throws Exception {
        List<ModelReport> reports = read();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(reports));
        } else {
            printText(out, reports);
        }
        out.flush();
        boolean allRead = reports.stream().flatMap(r -> r.versions().stream())
                .flatMap(c -> c.layers().stream()).allMatch(LayerInfo::readable);
        return allRead ? 0 : InspectCommand.EXIT_NOT_A_TENSOR;
    }

    /** {@link #reports} on a session of its own; running out of memory is said as a sentence with a remedy. */
    private List<ModelReport> read() throws InterruptedException {
        try {
            return server.withSession("models", ModelsCommand::reports);
        } catch (OutOfMemoryError e) {
            throw new RedisOperationException("models", "Listing the models ran out of memory. Give Java more (-Xmx).",
                    null);
        }
    }

    /** The catalogue's walk, then the headers of every version, a few versions at a time, parsed on this thread. */
    private static List<ModelReport> reports(RedisSession session) throws InterruptedException {
        MlStateIndex index = new MlStateCatalogue(session, i -> { }).scan(p -> { }).result().join();
        CallingThreadExecutor thisThread = new CallingThreadExecutor();
        CheckpointReader reader = new CheckpointReader(session, thisThread);
        Map<ModelEntry, List<CheckpointContents>> contents = new LinkedHashMap<>();
        List<CompletableFuture<CheckpointContents>> window = new ArrayList<>();
        for (ModelEntry model : index.models()) {
            contents.put(model, new ArrayList<>());
            for (ModelVersion version : model.versions()) {
                window.add(reader.contents(model, version));
                if (window.size() == VERSIONS_AT_ONCE) {
                    drain(thisThread, window, contents);
                }
            }
        }
        drain(thisThread, window, contents);
        List<ModelReport> reports = new ArrayList<>();
        contents.forEach((model, versions) -> reports.add(new ModelReport(model, versions)));
        return reports;
    }

    private static void drain(CallingThreadExecutor thisThread, List<CompletableFuture<CheckpointContents>> window,
                              Map<ModelEntry, List<CheckpointContents>> contents) throws InterruptedException {
        thisThread.join(CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)));
        for (CompletableFuture<CheckpointContents> f : window) {
            CheckpointContents c = f.join();
            contents.get(c.model()).add(c);
        }
        window.clear();
    }

    /**
     * The key a version reads, or for several the Redis glob that lists them: their common {@code :}-separated prefix
     * and {@code :*} (glob characters in the prefix escaped); {@code *} when they share nothing; null for a version
     * without keys (one a versions sorted set names, whose keys are gone).
     */
    static String versionKey(ModelVersion version) {
        List<String> keys = version.keys();
        if (keys.isEmpty()) {
            return null;
        }
        if (keys.size() == 1) {
            return keys.get(0);
        }
        List<String> common = new ArrayList<>(Arrays.asList(keys.get(0).split(":", -1)));
        for (String key : keys) {
            String[] segments = key.split(":", -1);
            int same = 0;
            while (same < common.size() && same < segments.length && common.get(same).equals(segments[same])) {
                same++;
            }
            common.subList(same, common.size()).clear();
        }
        if (common.isEmpty()) {
            return "*";
        }
        String prefix = String.join(":", common);
        String glob = prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
        return keys.contains(prefix) ? glob + "*" : glob + ":*";
    }

    /** The hash field a version is, when all of it is one field of one key (a params hash of one layer). */
    static String versionField(ModelVersion version) {
        List<List<String>> places = version.tensors().stream()
                .map(t -> Arrays.asList(t.key(), t.field())).distinct().toList();
        return places.size() == 1 ? places.get(0).get(1) : null;
    }

    /** {@code hash per checkpoint}: the layout in words, for the table. */
    static String layoutWords(ModelLayout layout) {
        return layout.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String toJson(List<ModelReport> reports) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode models = root.putArray("models");
        for (ModelReport report : reports) {
            ModelEntry model = report.model();
            ObjectNode m = models.addObject();
            m.put("name", model.name());
            m.put("layout", model.layout().name());
            if (!model.variant().isEmpty()) {
                m.put("variant", model.variant());
            }
            ArrayNode versions = m.putArray("versions");
            for (CheckpointContents c : report.versions()) {
                ObjectNode v = versions.addObject();
                v.put("version", c.version().version());
                v.put("key", versionKey(c.version()));
                String field = versionField(c.version());
                if (field != null) {
                    v.put("field", field);
                }
                v.put("format", c.format());
                v.put("parameters", c.parameters());
                v.put("bytes", c.bytes());
                ArrayNode tensors = v.putArray("tensors");
                for (LayerInfo layer : c.layers()) {
                    ObjectNode t = tensors.addObject();
                    t.put("name", layer.name());
                    TensorRef source = layer.source();
                    t.put("key", source.key());
                    source.hashField().ifPresent(f -> t.put("field", f));
                    t.put("dtype", layer.dtype() == null ? null : layer.dtype().numpyName());
                    ArrayNode shape = t.putArray("shape");
                    for (long d : layer.shape()) {
                        shape.add(d);
                    }
                    t.put("parameters", layer.parameters());
                    if (layer.problem() != null) {
                        t.put("problem", layer.problem());
                    }
                }
            }
        }
        return mapper.writeValueAsString(root);
    }

    private static void printText(PrintWriter out, List<ModelReport> reports) {
        if (reports.isEmpty()) {
            out.println("No models found.");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"MODEL", "LAYOUT", "VERSION", "FORMAT", "TENSORS", "PARAMETERS", "BYTES", "KEY"});
        List<String> problems = new ArrayList<>();
        for (ModelReport report : reports) {
            ModelEntry model = report.model();
            String name = model.variant().isEmpty() ? model.name() : model.name() + " (" + model.variant() + ")";
            for (CheckpointContents c : report.versions()) {
                String key = versionKey(c.version());
                String field = versionField(c.version());
                rows.add(new String[] {name, layoutWords(model.layout()), c.version().version(), c.format(),
                        String.format(Locale.ROOT, "%,d", c.layers().size()),
                        String.format(Locale.ROOT, "%,d", c.parameters()),
                        String.format(Locale.ROOT, "%,d", c.bytes()),
                        key == null ? "-" : field == null ? key : key + " field " + field});
                for (LayerInfo layer : c.layers()) {
                    if (!layer.readable()) {
                        problems.add(name + " " + c.version().version() + " " + layer.name() + ": " + layer.problem());
                    }
                }
            }
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        boolean[] rightAligned = {false, false, false, false, true, true, true, false};
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = i == row.length - 1 ? row[i]
                        : rightAligned[i] ? " ".repeat(widths[i] - row[i].length()) + row[i]
                        : row[i] + " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            out.println(line.toString().stripTrailing());
        }
        if (!problems.isEmpty()) {
            out.println();
            out.println("Tensors whose header could not be read:");
            problems.forEach(p -> out.println("  " + p));
        }
    }
}
