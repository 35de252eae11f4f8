package dev.tensorlens.redis;

import dev.tensorlens.cli.TensorlensCommand;
import dev.tensorlens.support.LocalCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A real three-master cluster (slots split in thirds, joined with CLUSTER MEET): every master is scanned. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeyScannerClusterTest {

    static final int KEYS = 3000;
    static LocalCluster cluster;
    static RedisSession session;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start("scan-cluster");
        session = cluster.session();
        List<CompletableFuture<String>> writes = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            int n = i;
            writes.add(session.write("SET", c -> c.set(("k:" + n).getBytes(), "v".getBytes())));
        }
        for (var w : writes) {
            w.get(30, TimeUnit.SECONDS);
        }
        session.write("HSET", c -> c.hset("h:one".getBytes(), "f".getBytes(), "v".getBytes())).get(30, TimeUnit.SECONDS);
        session.write("HSET", c -> c.hset("h:two".getBytes(), "f".getBytes(), "v".getBytes())).get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyMasterIsScannedAndEveryKeyArrivesOnce() throws Exception {
        // the keys really are spread: each master holds a share
        for (int i = 0; i < 3; i++) {
            cluster.withNode(i, c -> assertThat(c.sync().dbsize()).isGreaterThan(KEYS / 6));
        }
        List<String> keys = new CopyOnWriteArrayList<>();
        List<ScanProgress> progress = new CopyOnWriteArrayList<>();

        ScanSummary summary = new KeyScanner(session).scan(ScanRequest.all().withMatch("k:*"),
                page -> page.forEach(k -> keys.add(new String(k, StandardCharsets.UTF_8))), progress::add)
                .result().get(30, TimeUnit.SECONDS);

        assertThat(keys).hasSize(KEYS).doesNotHaveDuplicates();
        assertThat(Set.copyOf(keys)).isEqualTo(IntStream.range(0, KEYS).mapToObj(i -> "k:" + i).collect(Collectors.toSet()));
        assertThat(summary.complete()).isTrue();
        assertThat(summary.dbSize()).isEqualTo(KEYS + 2); // DBSIZE summed over the masters
        assertThat(summary.pages()).isGreaterThanOrEqualTo(3); // at least one page per master
        assertThat(progress.get(progress.size() - 1).done()).isTrue();
    }

    @Test
    void typeFilterAndExactKeyWorkAcrossNodes() throws Exception {
        List<String> hashes = new CopyOnWriteArrayList<>();
        new KeyScanner(session).scan(ScanRequest.all().withType("hash"),
                page -> page.forEach(k -> hashes.add(new String(k, StandardCharsets.UTF_8)))).result().get(30, TimeUnit.SECONDS);
        assertThat(hashes).containsExactlyInAnyOrder("h:one", "h:two");

        List<String> pipelined = new CopyOnWriteArrayList<>();
        new KeyScanner(session, KeyScanner.TypeFiltering.PIPELINED_TYPE).scan(ScanRequest.all().withType("hash"),
                page -> page.forEach(k -> pipelined.add(new String(k, StandardCharsets.UTF_8)))).result().get(30, TimeUnit.SECONDS);
        assertThat(pipelined).containsExactlyInAnyOrder("h:one", "h:two");

        for (String key : List.of("k:1", "k:2", "k:3", "h:two")) { // different slots, different masters
            List<String> found = new CopyOnWriteArrayList<>();
            ScanSummary s = new KeyScanner(session).scan(ScanRequest.all().withMatch(key),
                    page -> page.forEach(k -> found.add(new String(k, StandardCharsets.UTF_8)))).result().get(10, TimeUnit.SECONDS);
            assertThat(found).as(key).containsExactly(key);
            assertThat(s.exactKey()).isTrue();
        }
    }

    @Test
    void theCliGivenOneNodeScansTheWholeCluster() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TensorlensCommand.commandLine(o -> 0);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int exit = cl.execute("scan", "--uri", "redis://127.0.0.1:" + cluster.nodes().get(2).port(), "--count");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString().strip()).isEqualTo(String.valueOf(KEYS + 2));

        StringWriter listed = new StringWriter();
        cl.setOut(new PrintWriter(listed, true));
        assertThat(cl.execute("scan", "--uri", "redis://127.0.0.1:" + cluster.nodes().get(1).port(), "--match", "h:*")).isZero();
        assertThat(listed.toString().lines()).containsExactlyInAnyOrder("h:one", "h:two");
    }
}
