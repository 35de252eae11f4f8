package dev.tensorlens.redis;

import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyScannerTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension().withDebugCommand();

    static RedisSession session;

    @BeforeAll
    static void connect() {
        session = redis.session();
    }

    @BeforeEach
    void empty() {
        redis.sync().flushall();
    }

    /** Every page, in order, as delivered. */
    static final class Pages {
        final List<List<byte[]>> pages = new CopyOnWriteArrayList<>();
        final List<ScanProgress> progress = new CopyOnWriteArrayList<>();

        List<String> keys() {
            return pages.stream().flatMap(List::stream).map(k -> new String(k, StandardCharsets.UTF_8)).toList();
        }
    }

    static ScanSummary scan(KeyScanner scanner, ScanRequest request, Pages into) throws Exception {
        return scanner.scan(request, into.pages::add, into.progress::add).result().get(30, TimeUnit.SECONDS);
    }

    @Test
    void pagesTogetherHoldEveryKeyExactlyOnceAndProgressReachesDbSize() throws Exception {
        redis.populate(5000, "key");
        assertThat(redis.sync().dbsize()).isEqualTo(5000);
        Pages pages = new Pages();

        ScanSummary summary = scan(new KeyScanner(session), ScanRequest.all(), pages);

        List<String> keys = pages.keys();
        // SCAN promises "at least once"; on a table that does not shrink during the scan it is exactly once,
        // and the scanner adds no de-duplication of its own, so this checks both.
        assertThat(keys).hasSize(5000).doesNotHaveDuplicates();
        assertThat(Set.copyOf(keys)).isEqualTo(IntStream.range(0, 5000).mapToObj(i -> "key:" + i).collect(Collectors.toSet()));
        assertThat(pages.pages).hasSizeGreaterThan(1);
        assertThat(summary.complete()).isTrue();
        assertThat(summary.cancelled()).isFalse();
        assertThat(summary.exactKey()).isFalse();
        assertThat(summary.keysSeen()).isEqualTo(5000);
        assertThat(summary.dbSize()).isEqualTo(5000);
        assertThat(summary.pages()).isGreaterThanOrEqualTo(pages.pages.size());
        ScanProgress last = pages.progress.get(pages.progress.size() - 1);
        assertThat(last.keysSeen()).isEqualTo(5000);
        assertThat(last.dbSize()).isEqualTo(5000);
        assertThat(last.done()).isTrue();
        assertThat(last.fraction()).isEqualTo(1.0);
        // progress grows page by page and is below 1 until done
        assertThat(pages.progress.get(0).fraction()).isLessThan(1.0);
        List<Long> seen = pages.progress.stream().map(ScanProgress::keysSeen).toList();
        assertThat(seen).isSorted();
    }

    @Test
    void matchKeepsOnlyMatchingKeys() throws Exception {
        for (int i = 0; i < 300; i++) {
            redis.sync().set("user:" + i, "u");
            redis.sync().set("item:" + i, "i");
        }
        Pages pages = new Pages();

        ScanSummary summary = scan(new KeyScanner(session), ScanRequest.all().withMatch("user:1?"), pages);

        assertThat(pages.keys()).containsExactlyInAnyOrderElementsOf(
                IntStream.range(10, 20).mapToObj(i -> "user:" + i).toList());
        assertThat(summary.exactKey()).isFalse();
        assertThat(summary.dbSize()).isEqualTo(600);
    }

    @Test
    void aPatternWithoutGlobsLooksTheKeyUpInsteadOfScanning() throws Exception {
        redis.sync().set("a*b", "literal star");
        redis.sync().set("axb", "x");
        redis.sync().set("a**b", "two stars");
        redis.sync().configResetstat();
        Pages pages = new Pages();

        ScanSummary summary = scan(new KeyScanner(session), ScanRequest.all().withMatch("a\\*b"), pages);

        assertThat(pages.keys()).containsExactly("a*b");
        assertThat(summary.exactKey()).isTrue();
        assertThat(summary.complete()).isTrue();
        assertThat(redis.sync().info("commandstats")).doesNotContain("cmdstat_scan").contains("cmdstat_exists");

        // the same pattern through SCAN finds the same single key
        Pages scanned = new Pages();
        scan(new KeyScanner(session), ScanRequest.all().withMatch("a[*]b"), scanned);
        assertThat(scanned.keys()).containsExactly("a*b");

        Pages missing = new Pages();
        ScanSummary none = scan(new KeyScanner(session), ScanRequest.all().withMatch("nope"), missing);
        assertThat(missing.keys()).isEmpty();
        assertThat(none.keysSeen()).isZero();
        assertThat(none.exactKey()).isTrue();

        Pages wrongType = new Pages();
        scan(new KeyScanner(session), ScanRequest.all().withMatch("axb").withType("hash"), wrongType);
        assertThat(wrongType.keys()).isEmpty();
        Pages rightType = new Pages();
        scan(new KeyScanner(session), ScanRequest.all().withMatch("axb").withType("string"), rightType);
        assertThat(rightType.keys()).containsExactly("axb");
    }

    @Test
    void typeFilterOnTheServerAndWithPipelinedTypeGiveTheSameKeys() throws Exception {
        for (int i = 0; i < 400; i++) {
            redis.sync().set("s:" + i, "v");
            if (i % 4 == 0) {
                redis.sync().hset("h:" + i, "f", "v");
            }
            if (i % 10 == 0) {
                redis.sync().rpush("l:" + i, "v");
            }
        }
        List<String> hashes = IntStream.range(0, 400).filter(i -> i % 4 == 0).mapToObj(i -> "h:" + i).toList();

        redis.sync().configResetstat();
        Pages auto = new Pages();
        scan(new KeyScanner(session), ScanRequest.all().withType("hash"), auto);
        assertThat(auto.keys()).containsExactlyInAnyOrderElementsOf(hashes);
        // Redis 7 on the test machine: SCAN … TYPE, not a TYPE per key
        assertThat(redis.sync().info("commandstats")).doesNotContain("cmdstat_type:");

        redis.sync().configResetstat();
        Pages pipelined = new Pages();
        scan(new KeyScanner(session, KeyScanner.TypeFiltering.PIPELINED_TYPE), ScanRequest.all().withType("hash"), pipelined);
        assertThat(pipelined.keys()).containsExactlyInAnyOrderElementsOf(hashes);
        assertThat(redis.sync().info("commandstats")).contains("cmdstat_type:calls=" + redis.sync().dbsize() + ",");

        Pages listsWithMatch = new Pages();
        scan(new KeyScanner(session, KeyScanner.TypeFiltering.PIPELINED_TYPE),
                ScanRequest.all().withType("list").withMatch("l:1*"), listsWithMatch);
        assertThat(listsWithMatch.keys()).containsExactlyInAnyOrder("l:10", "l:100", "l:110", "l:120", "l:130",
                "l:140", "l:150", "l:160", "l:170", "l:180", "l:190");
    }

    @Test
    void binaryKeysComeBackByteForByte() throws Exception {
        byte[] notUtf8 = {(byte) 0xff, 0, 'k', (byte) 0xc3};
        byte[] utf8 = "gewicht:ä:∑".getBytes(StandardCharsets.UTF_8);
        session.write("SET", c -> c.set(notUtf8, "v".getBytes())).join();
        session.write("SET", c -> c.set(utf8, "v".getBytes())).join();
        Pages pages = new Pages();

        scan(new KeyScanner(session), ScanRequest.all(), pages);

        Set<ByteBuffer> got = pages.pages.stream().flatMap(List::stream).map(ByteBuffer::wrap).collect(Collectors.toSet());
        assertThat(got).containsExactlyInAnyOrder(ByteBuffer.wrap(notUtf8), ByteBuffer.wrap(utf8));

        Pages exact = new Pages();
        scan(new KeyScanner(session), ScanRequest.all().withMatch(notUtf8), exact);
        assertThat(exact.pages).hasSize(1);
        assertThat(exact.pages.get(0).get(0)).isEqualTo(notUtf8);
    }

    @Test
    void cancelStopsAfterThePageInFlight() throws Exception {
        redis.populate(20000, "key");
        redis.sync().configResetstat();
        AtomicReference<ScanHandle> handle = new AtomicReference<>();
        List<Integer> pageSizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch started = new CountDownLatch(1);
        ScanHandle h = new KeyScanner(session).scan(ScanRequest.all(), keys -> {
            try {
                started.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pageSizes.add(keys.size());
            handle.get().cancel(); // the first page, delivered while the scan is running, stops it
        });
        handle.set(h);
        started.countDown();

        ScanSummary summary = h.result().get(30, TimeUnit.SECONDS);
        roundTrip(); // a SCAN sent after the result would be counted by now

        assertThat(summary.complete()).isFalse();
        assertThat(summary.cancelled()).isTrue();
        assertThat(summary.keysSeen()).as("stopped early").isLessThan(20000)
                .isEqualTo(pageSizes.stream().mapToLong(Integer::longValue).sum());
        // Pages the server had already answered while the first was with the consumer are still delivered (the scan
        // does not wait for its consumer before asking for the next); after the stop nothing more is asked: every
        // SCAN the server ran is a page delivered.
        assertThat(serverCalls("scan")).as("SCANs run").isEqualTo(summary.pages());
        assertThat(h.progress().keysSeen()).isEqualTo(summary.keysSeen());
    }

    @Test
    void cancellingTheFutureStopsToo() throws Exception {
        redis.populate(20000, "key");
        redis.sync().configResetstat(); // the SCANs counted below are this scan's
        List<Integer> pageSizes = new CopyOnWriteArrayList<>();
        AtomicReference<ScanHandle> handle = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        ScanHandle h = new KeyScanner(session).scan(ScanRequest.all(), keys -> {
            try {
                started.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pageSizes.add(keys.size());
            handle.get().result().cancel(true);
        });
        handle.set(h);
        started.countDown();

        assertThatThrownBy(() -> h.result().get(30, TimeUnit.SECONDS))
                .isInstanceOf(CancellationException.class);
        // The consumer cancelled from the first page's reply handler, after that handler had sent the second SCAN.
        // Replies on one connection come back in order, so once a PING sent now is answered, the second SCAN's reply
        // has been handled too; once a second PING is, so has any SCAN that handler went on to send.
        roundTrip();
        roundTrip();
        assertThat(pageSizes).as("pages delivered").hasSize(1);
        assertThat(serverCalls("scan")).as("SCANs the server ran: the first page's and the one in flight")
                .isLessThanOrEqualTo(2);
        // the connection is still good for the next scan
        Pages next = new Pages();
        assertThat(scan(new KeyScanner(session), ScanRequest.all().withMatch("key:1234"), next).keysSeen()).isEqualTo(1);
    }

    /** A PING on the session's command connection, answered after every command sent on it before. */
    static void roundTrip() throws Exception {
        session.read("PING", c -> c.ping()).get(10, TimeUnit.SECONDS);
    }

    /** How many times the server ran {@code command} since the last CONFIG RESETSTAT (INFO commandstats). */
    static long serverCalls(String command) {
        for (String line : redis.sync().info("commandstats").split("\\r?\\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
            }
        }
        return 0;
    }

    @Test
    void aPacedScanSendsNoFurtherScanUntilTheConsumerIsDoneWithThePageBeforeLast() throws Exception {
        redis.populate(20_000, "key"); // 100-key pages at the least: far more than three
        redis.sync().configResetstat();
        List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
        List<List<byte[]>> pages = new CopyOnWriteArrayList<>();
        CountDownLatch twoPages = new CountDownLatch(2);
        CountDownLatch threePages = new CountDownLatch(3);

        ScanHandle h = new KeyScanner(session).scanPaced(ScanRequest.all(), page -> {
            pages.add(page);
            CompletableFuture<Void> done = new CompletableFuture<>();
            held.add(done);
            twoPages.countDown();
            threePages.countDown();
            return done;
        }, p -> { });
        assertThat(twoPages.await(10, TimeUnit.SECONDS)).isTrue();
        // barrier: a PING on the scan's connection answers after every SCAN sent before it
        session.read("PING", c -> c.ping()).get(10, TimeUnit.SECONDS);

        assertThat(scanCalls()).as("SCANs sent while the consumer holds both pages").isEqualTo(2);
        assertThat(pages).hasSize(2);

        held.get(0).complete(null); // done with the first page: the third SCAN may go
        assertThat(threePages.await(10, TimeUnit.SECONDS)).isTrue();
        // from now on the consumer takes every page at once
        Thread releaser = new Thread(() -> {
            while (!h.result().isDone()) {
                held.forEach(f -> f.complete(null));
                Thread.onSpinWait();
            }
        });
        releaser.start();
        ScanSummary summary = h.result().get(30, TimeUnit.SECONDS);
        releaser.join();

        assertThat(summary.complete()).isTrue();
        assertThat(pages.stream().mapToInt(List::size).sum()).isEqualTo(20_000);
    }

    private static long scanCalls() {
        return redis.sync().info("commandstats").lines()
                .filter(l -> l.startsWith("cmdstat_scan:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf("calls=") + 6, l.indexOf(','))))
                .sum();
    }

    @Test
    void aConsumerThatThrowsFailsTheScan() {
        redis.sync().set("k", "v");
        ScanHandle h = new KeyScanner(session).scan(ScanRequest.all(), keys -> {
            throw new IllegalStateException("consumer broke");
        });

        assertThatThrownBy(() -> h.result().get(10, TimeUnit.SECONDS)).hasRootCauseMessage("consumer broke");
    }

    @Test
    void globDetectionHonoursEscapes() {
        Map<String, String> literal = new HashMap<>();
        literal.put("plain:key", "plain:key");
        literal.put("a\\*b", "a*b");
        literal.put("a\\?b\\[c]", "a?b[c]");
        literal.put("a\\\\b", "a\\b");
        literal.put("end\\", "end\\");
        literal.put("x]y", "x]y");
        literal.forEach((pattern, key) -> assertThat(KeyPattern.literal(pattern.getBytes(StandardCharsets.UTF_8)))
                .as(pattern).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(key)));
        for (String glob : List.of("*", "a*", "a?b", "a[bc]", "a\\\\*", "\\**")) {
            assertThat(KeyPattern.literal(glob.getBytes(StandardCharsets.UTF_8))).as(glob).isEmpty();
        }
    }
}
