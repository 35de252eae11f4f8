package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tensorlens.mlstate.DatasetGroups;
import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.MlStateIndex;
import dev.tensorlens.redis.DatasetOverlaps;
import dev.tensorlens.redis.DatasetOverlaps.DatasetReport;
import dev.tensorlens.redis.DatasetOverlaps.PairOverlap;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.MlStateCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code tensorlens datasets}: every dataset the catalogue finds, the size of each of its splits, and what every pair
 * of splits shares ({@link DatasetOverlaps}), with up to {@value #SAMPLE} of the shared ids: a table, or one JSON
 * object. A training split that shares ids with a validation or test split is marked {@code LEAK}. Exit 0 when every
 * dataset was measured (leaks or not: they are findings, not failures), 2 for usage and connection errors.
 */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List every dataset, the size of each split and the ids every pair of splits shares "
                + "(train ids in a validation or test split are a LEAK), counted on the server or page by page, "
                + "never by loading a split.%n"
                + "With --json: {\"datasets\":[{\"name\",\"splits\":[{\"name\",\"key\",\"type\",\"size\"}],"
                + "\"overlaps\":[{\"a\",\"b\",\"count\",\"sample\":[up to 20 ids]}]}]}; every pair is listed, also "
                + "those that share nothing.%n"
                + "Exit 0 when every dataset was measured, 2 for usage or connection errors.")
public final class DatasetsCommand implements Callable<Integer> {

    /** Shared ids shown per pair: enough to recognise them, few enough for a line. */
    static final int SAMPLE = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOption server;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<DatasetReport> reports = read();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(reports));
        } else {
            printText(out, reports);
        }
        out.flush();
        return 0;
    }

    /** The catalogue's walk, then each dataset measured in turn (each one's pairs one after another too). */
    private List<DatasetReport> read() throws InterruptedException {
        return server.withSession("datasets", session -> {
            MlStateIndex index = new MlStateCatalogue(session, i -> { }).scan(p -> { }).result().join();
            DatasetOverlaps overlaps = new DatasetOverlaps(session);
            List<DatasetReport> reports = new ArrayList<>();
            // as the view lists them: two datasets of one name are named by their keys
            for (DatasetSplits dataset : DatasetGroups.merge(index.datasets(), List.of())) {
                reports.add(overlaps.measure(dataset, SAMPLE, p -> { }).join());
            }
            return reports;
        });
    }

    /** {@code set} or {@code zset}, as {@code TYPE} says it. */
    static String typeName(DatasetSplits.Split split) {
        return split.type().name().toLowerCase(Locale.ROOT);
    }

    static String toJson(List<DatasetReport> reports) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode datasets = root.putArray("datasets");
        for (DatasetReport report : reports) {
            ObjectNode d = datasets.addObject();
            d.put("name", report.dataset().name());
            ArrayNode splits = d.putArray("splits");
            for (DatasetSplits.Split split : report.dataset().splits()) {
                ObjectNode s = splits.addObject();
                s.put("name", split.name());
                s.put("key", split.key());
                s.put("type", typeName(split));
                s.put("size", split.size());
            }
            ArrayNode overlaps = d.putArray("overlaps");
            for (PairOverlap o : report.overlaps()) {
                ObjectNode p = overlaps.addObject();
                p.put("a", o.a());
                p.put("b", o.b());
                p.put("count", o.count());
                ArrayNode sample = p.putArray("sample");
                o.sample().forEach(id -> sample.add(Keys.display(id)));
            }
        }
        return mapper.writeValueAsString(root);
    }

    static void printText(PrintWriter out, List<DatasetReport> reports) {
        if (reports.isEmpty()) {
            out.println("No datasets found.");
            return;
        }
        boolean first = true;
        for (DatasetReport report : reports) {
            if (!first) {
                out.println();
            }
            first = false;
            DatasetSplits dataset = report.dataset();
            out.println("Dataset " + dataset.name() + (report.leaks() ? "  LEAK" : ""));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"SPLIT", "KEY", "TYPE", "SIZE", "RATIO"});
            for (DatasetSplits.Split split : dataset.splits()) {
                rows.add(new String[] {split.name(), split.key(), typeName(split),
                        String.format(Locale.ROOT, "%,d", split.size()),
                        String.format(Locale.ROOT, "%.1f%%", 100 * dataset.ratio(split))});
            }
            printRows(out, rows, new boolean[] {false, false, false, true, true});
            for (PairOverlap o : report.overlaps()) {
                out.println("  " + overlapLine(o));
            }
        }
    }

    /** {@code train ∩ test: 5 shared ids: 7, 123, 456, 1024, 1999  LEAK}. */
    static String overlapLine(PairOverlap o) {
        String pair = o.a() + " ∩ " + o.b() + ": ";
        if (o.count() == 0) {
            return pair + "no shared ids";
        }
        String ids = o.sample().stream().map(Keys::display).collect(Collectors.joining(", "));
        String more = o.count() > o.sample().size() ? ", …" : "";
        return pair + String.format(Locale.ROOT, "%,d", o.count()) + (o.count() == 1 ? " shared id: " : " shared ids: ")
                + ids + more + (o.leak() ? "  LEAK" : "");
    }

    private static void printRows(PrintWriter out, List<String[]> rows, boolean[] rightAligned) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(rightAligned[i] ? pad + row[i] : row[i] + pad);
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
