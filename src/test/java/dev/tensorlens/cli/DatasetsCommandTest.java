package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tensorlens.demo.DemoKeys;
import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.tensorlens.cli.CommandTestSupport.names;
import static dev.tensorlens.support.PythonScripts.python3With;
import static dev.tensorlens.support.PythonScripts.runPythonScript;
import static dev.tensorlens.cli.CommandTestSupport.strings;
import static dev.tensorlens.cli.CommandTestSupport.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code tensorlens datasets} against a real server: the demo's digits dataset and its planted leak, as JSON checked
 * field by field and as a table (other demo datasets may come and go: only their shape is checked); an empty
 * database; an unreachable server; and splits written by Python (redis-py), compared with what Python's own sets say.
 * Each case has a database of its own.
 */
class DatasetsCommandTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static final int DEMO_DB = 0;
    static final int EMPTY_DB = 3;
    static final int PYTHON_DB = 4;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeAll
    static void seed() throws Exception {
        DemoSeeder.seed(redis.session()).get(60, TimeUnit.SECONDS);
    }

    int run(String... args) {
        return CommandTestSupport.run(out, err, args);
    }

    String uri(int db) {
        return redis.uri() + "/" + db;
    }

    /** The ids two demo sets share, worked out here from both sets whole (small in the demo) and sorted by value. */
    static List<String> sharedInDemo(String a, String b) {
        return redis.sync().sinter(a, b).stream().sorted((x, y) -> Long.compare(Long.parseLong(x), Long.parseLong(y)))
                .toList();
    }

    @Test
    void theDemosDigitsAsJsonFieldByField() throws Exception {
        assertThat(run("datasets", "--json", "--uri", uri(DEMO_DB))).as(err.toString()).isZero();

        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(names(root)).containsExactly("datasets");
        JsonNode digits = null;
        for (JsonNode d : root.get("datasets")) {
            // whatever datasets the demo holds, each has this shape and every pair of its splits once
            assertThat(names(d)).containsExactly("name", "overlaps", "splits");
            int n = d.get("splits").size();
            assertThat(d.get("overlaps")).hasSize(n * (n - 1) / 2);
            for (JsonNode s : d.get("splits")) {
                assertThat(names(s)).containsExactly("key", "name", "size", "type");
                assertThat(s.get("type").asText()).isIn("set", "zset");
            }
            for (JsonNode o : d.get("overlaps")) {
                assertThat(names(o)).containsExactly("a", "b", "count", "sample");
                assertThat(o.get("sample").size()).isEqualTo((int) Math.min(o.get("count").asLong(), 20));
            }
            if (d.get("name").asText().equals("digits")) {
                digits = d;
            }
        }
        assertThat(digits).as("the digits dataset").isNotNull();

        JsonNode splits = digits.get("splits");
        assertThat(texts(splits, "name")).containsExactly("train", "val", "test");
        assertThat(texts(splits, "key")).containsExactly(DemoKeys.TRAIN, DemoKeys.VAL, DemoKeys.TEST);
        assertThat(texts(splits, "type")).containsOnly("set");
        for (JsonNode s : splits) {
            assertThat(s.get("size").asLong()).as(s.get("key").asText()).isEqualTo(redis.sync().scard(s.get("key").asText()));
        }

        JsonNode overlaps = digits.get("overlaps");
        assertThat(texts(overlaps, "a")).containsExactly("train", "train", "val");
        assertThat(texts(overlaps, "b")).containsExactly("val", "test", "test");
        JsonNode trainTest = overlaps.get(1);
        List<String> leaked = DemoSeeder.LEAKED_IDS.stream().sorted().map(String::valueOf).toList();
        assertThat(trainTest.get("count").asLong()).isEqualTo(DemoSeeder.LEAKED_IDS.size());
        assertThat(strings(trainTest.get("sample"))).containsExactlyElementsOf(leaked);
        assertThat(strings(trainTest.get("sample"))).containsExactly("7", "123", "456", "1024", "1999");
        for (int i : new int[] {0, 2}) {
            JsonNode o = overlaps.get(i);
            List<String> shared = sharedInDemo(key(o.get("a").asText()), key(o.get("b").asText()));
            assertThat(o.get("count").asLong()).isEqualTo(shared.size());
            assertThat(strings(o.get("sample"))).containsExactlyElementsOf(shared.subList(0, Math.min(20, shared.size())));
        }
    }

    @Test
    void theTableShowsSplitsRatiosAndTheLeak() {
        assertThat(run("datasets", "--uri", uri(DEMO_DB))).as(err.toString()).isZero();

        List<String> lines = out.toString().lines().toList();
        int at = lines.indexOf("Dataset digits  LEAK");
        assertThat(at).as(out.toString()).isNotNegative();
        List<String> digits = lines.subList(at, at + 8);
        assertThat(digits.get(1)).matches(" +SPLIT +KEY +TYPE +SIZE +RATIO");
        long train = redis.sync().scard(DemoKeys.TRAIN);
        long val = redis.sync().scard(DemoKeys.VAL);
        long test = redis.sync().scard(DemoKeys.TEST);
        String trainRatio = String.format(Locale.ROOT, "%.1f%%", 100.0 * train / (train + val + test));
        assertThat(digits.get(2)).matches(" +train +" + DemoKeys.TRAIN + " +set +"
                + String.format(Locale.ROOT, "%,d", train) + " +" + trainRatio.replace(".", "\\."));
        assertThat(digits.get(3)).matches(" +val +" + DemoKeys.VAL + " +set +.*%");
        assertThat(digits.get(4)).matches(" +test +" + DemoKeys.TEST + " +set +.*%");
        assertThat(digits.subList(5, 8)).anyMatch(l -> l.equals("  train ∩ test: 5 shared ids: 7, 123, 456, 1024, 1999  LEAK"));
        assertThat(digits.subList(5, 8)).anyMatch(l -> l.startsWith("  train ∩ val: "));
        assertThat(digits.subList(5, 8)).anyMatch(l -> l.startsWith("  val ∩ test: ") && !l.endsWith("LEAK"));
    }

    @Test
    void anEmptyDatabaseHasNoDatasets() throws Exception {
        assertThat(run("datasets", "--uri", uri(EMPTY_DB))).isZero();
        assertThat(out.toString().strip()).isEqualTo("No datasets found.");

        out.getBuffer().setLength(0);
        assertThat(run("datasets", "--json", "--uri", uri(EMPTY_DB))).isZero();
        JsonNode datasets = new ObjectMapper().readTree(out.toString()).get("datasets");
        assertThat(datasets.isArray()).isTrue();
        assertThat(datasets.isEmpty()).isTrue();
    }

    @Test
    void anUnreachableServerIsOneSentenceAndExitTwo() {
        assertThat(run("datasets", "--uri", "redis://127.0.0.1:1")).isEqualTo(TensorlensCommand.EXIT_USAGE_OR_CONNECTION);

        assertThat(err.toString().strip()).isEqualTo(
                "tensorlens: Connecting to 127.0.0.1:1 failed: the connection was refused: no Redis server is listening there.");
        assertThat(out.toString()).isEmpty();
    }

    /**
     * Splits written by Python with redis-py (integer ids, 7 train ids leaked into test and 3 into val): sizes and
     * shared ids exactly as Python's own sets compute them.
     */
    @Test
    void splitsWrittenByPythonMeasureAsPythonsSetsSay() throws Exception {
        String python = python3With("redis");
        assumeTrue(python != null, "python3 with redis is not installed");
        String printed = runPythonScript(python, "/dev/tensorlens/cli/datasets/write_splits.py", redis.port(), PYTHON_DB);
        JsonNode python3 = new ObjectMapper().readTree(printed);
        JsonNode overlaps = python3.get("datasets").get(0).get("overlaps");
        assertThat(overlaps.get(0).get("count").asLong()).as("the script leaks 3 into val").isEqualTo(3);
        assertThat(overlaps.get(1).get("count").asLong()).as("the script leaks 7 into test").isEqualTo(7);

        assertThat(run("datasets", "--json", "--uri", uri(PYTHON_DB))).as(err.toString()).isZero();

        assertThat(new ObjectMapper().readTree(out.toString())).isEqualTo(python3);
    }

    static String key(String split) {
        return "dataset:digits:" + split;
    }
}
