package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tensorlens.StartupOptions;
import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final List<StartupOptions> dashboards = new ArrayList<>();

    int run(String... args) {
        CommandLine cl = TensorlensCommand.commandLine(options -> {
            dashboards.add(options);
            return options.smoke() != null ? 7 : 0; // the dashboard's exit code is the process's
        });
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void noSubcommandOpensTheDashboard() {
        assertThat(run()).isZero();
        assertThat(run("--demo")).isZero();
        assertThat(run("--uri", "redis://h:1")).isZero();

        assertThat(dashboards).containsExactly(
                new StartupOptions(false, null), new StartupOptions(true, null), new StartupOptions(false, "redis://h:1"));
    }

    @Test
    void smokeRunsOnTheDemoAndItsExitCodeIsTheProcesss() {
        assertThat(run("--smoke")).isEqualTo(7);
        assertThat(run("--smoke", "--headless", "--smoke-timeout", "5")).isEqualTo(7);

        assertThat(dashboards).containsExactly(
                new StartupOptions(true, null, new StartupOptions.Smoke(Duration.ofSeconds(60), false)),
                new StartupOptions(true, null, new StartupOptions.Smoke(Duration.ofSeconds(5), true)));
    }

    @Test
    void smokeOptionsThatMeanNothingAreUsageErrors() {
        assertThat(run("--headless")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--headless and --smoke-timeout only go with --smoke.");
        assertThat(run("--smoke-timeout", "5")).isEqualTo(2);
        assertThat(run("--smoke", "--uri", "redis://h:1")).isEqualTo(2);
        assertThat(err.toString()).contains("--smoke runs on a demo server of its own: it does not take --uri.");
        assertThat(run("--smoke", "--smoke-timeout", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--smoke-timeout: -1 is not a number of seconds.");

        assertThat(dashboards).isEmpty();
    }

    @Test
    void versionIsPrinted() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("tensorlens 0.1.0");
        assertThat(dashboards).isEmpty();
    }

    @Test
    void infoDescribesTheServer() {
        redis.sync().set("k", "v");

        assertThat(run("info", "--uri", redis.uri())).isZero();

        assertThat(out.toString())
                .contains("version    Redis " + redis.binary().version() + " (standalone)")
                .contains("role       master · 0 replicas")
                .contains("keys       1 in db 0");
    }

    @Test
    void infoAsJson() throws Exception {
        assertThat(run("info", "--json", "--uri", redis.uri())).isZero();

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("version").asText()).isEqualTo(redis.binary().version());
        assertThat(json.get("role").asText()).isEqualTo("master");
        assertThat(json.get("dbsize").isNumber()).isTrue();
        assertThat(json.get("masters").isArray() && json.get("masters").isEmpty()).isTrue(); // one line per master: clusters only
    }

    @Test
    void unreachableServerIsOneSentenceAndExitTwo() {
        assertThat(run("info", "--uri", "redis://127.0.0.1:1")).isEqualTo(2);

        assertThat(err.toString().strip()).isEqualTo(
                "tensorlens: Connecting to 127.0.0.1:1 failed: the connection was refused: no Redis server is listening there.");
    }

    @Test
    void malformedUriIsAUsageError() {
        assertThat(run("info", "--uri", "localhost:6379")).isEqualTo(2);

        assertThat(err.toString()).startsWith("--uri: 'localhost:6379' is not a redis:// URI").contains("Usage: tensorlens info");
    }

    @Test
    void seedDemoWritesTheDemoKeysAndNamesThem() {
        redis.sync().flushdb();

        assertThat(run("seed-demo", "--uri", redis.uri())).isZero();

        assertThat(redis.sync().dbsize()).isEqualTo(DemoSeeder.KEYS.size());
        assertThat(redis.sync().type("model:digits-mlp:v1")).isEqualTo("hash");
        assertThat(out.toString()).contains("model:digits-mlp:v3:safetensors\n")
                .contains("Wrote " + DemoSeeder.KEYS.size() + " demo keys to 127.0.0.1:" + redis.port());
        redis.sync().flushdb();
    }

    @Test
    void seedDemoOnAnUnreachableServerIsOneSentenceAndExitTwo() {
        assertThat(run("seed-demo", "--uri", "redis://127.0.0.1:1")).isEqualTo(2);

        assertThat(err.toString().strip()).isEqualTo(
                "tensorlens: Connecting to 127.0.0.1:1 failed: the connection was refused: no Redis server is listening there.");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void seedDemoWithAMalformedUriIsAUsageError() {
        assertThat(run("seed-demo", "--uri", "localhost:6379")).isEqualTo(2);

        assertThat(err.toString()).startsWith("--uri: 'localhost:6379' is not a redis:// URI").contains("Usage: tensorlens seed-demo");
    }
}
