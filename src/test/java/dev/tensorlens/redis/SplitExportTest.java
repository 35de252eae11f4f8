package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Splits written to text files: odd ids, sorted sets, pages, and an export stopped half way. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SplitExportTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;
    static ExecutorService files;
    static final List<String> fileThreads = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        session = redis.session();
        files = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-files"));
    }

    @AfterAll
    static void stop() {
        files.shutdownNow();
    }

    @BeforeEach
    void empty() {
        redis.sync().flushall();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** The file's lines as exact bytes. */
    static Set<String> lines(Path file) throws Exception {
        String all = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(all).endsWith("\n");
        return new HashSet<>(Arrays.asList(all.substring(0, all.length() - 1).split("\n", -1)));
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void oddIdsAreWrittenAsTheirBytesAndLineBreaksEscaped() throws Exception {
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 'x'};
        byte[] twoLines = b("two\nlines\\and\rmore");
        byte[] windowsPath = b("C:\\data\\img.png");
        session.write("SADD", c -> c.sadd(b("ds:train"), b("plain"), notUtf8, twoLines, windowsPath, b(""))).join();
        Path file = dir.resolve("train.txt");
        List<Long> progress = new CopyOnWriteArrayList<>();

        SplitExport.ExportReport report = new SplitExport(session, files).write(
                new DatasetSplits.Split("train", "ds:train", RedisType.SET, -1), file, n -> {
                    progress.add(n);
                    fileThreads.add(Thread.currentThread().getName());
                }).get(30, TimeUnit.SECONDS);

        assertThat(lines(file)).containsExactlyInAnyOrder("plain", latin1(notUtf8), "two\\nlines\\\\and\\rmore",
                "C:\\data\\img.png", "");
        assertThat(report.lines()).isEqualTo(5);
        assertThat(report.escaped()).isEqualTo(1);
        assertThat(report.bytes()).isEqualTo(Files.size(file));
        assertThat(report.matchesSplit()).isTrue();
        assertThat(report.sentence()).isEqualTo("Wrote 5 ids to train.txt (" + Files.size(file) + " bytes). 1 id had "
                + "a line break and was written escaped (\\n, \\r, \\\\).");
        assertThat(progress).containsExactly(5L);
        assertThat(fileThreads).containsOnly("test-files");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void aSortedSetIsWrittenAsItsIdsInPages() throws Exception {
        for (int start = 0; start < 2500; start += 500) {
            int from = start;
            Object[] scored = IntStream.range(from, from + 500).boxed()
                    .flatMap(n -> Stream.of((double) n, "id:" + n)).toArray();
            redis.sync().zadd("ds:w", scored);
        }
        Path file = dir.resolve("weighted.txt");
        List<Long> progress = new CopyOnWriteArrayList<>();

        SplitExport.ExportReport report = new SplitExport(session, files).write(
                new DatasetSplits.Split("weighted", "ds:w", RedisType.ZSET, -1), file, progress::add)
                .get(30, TimeUnit.SECONDS);

        Set<String> expected = new HashSet<>(IntStream.range(0, 2500).mapToObj(n -> "id:" + n).toList());
        assertThat(lines(file)).isEqualTo(expected);
        assertThat(report.lines()).isEqualTo(2500);
        assertThat(report.sizeAtEnd()).isEqualTo(2500);
        assertThat(progress.size()).as("written page by page").isGreaterThan(1);
        assertThat(progress.get(progress.size() - 1)).isEqualTo(2500);
    }

    @Test
    void aCancelledExportLeavesTheOldFileAsItWasAndNoHalfFile() throws Exception {
        List<String> ids = new ArrayList<>();
        IntStream.range(0, 5000).forEach(n -> ids.add("id:" + n));
        redis.sync().sadd("ds:train", ids.toArray(String[]::new));
        Path file = dir.resolve("train.txt");
        Files.writeString(file, "the export of last week\n");
        CompletableFuture<CompletableFuture<SplitExport.ExportReport>> running = new CompletableFuture<>();

        CompletableFuture<SplitExport.ExportReport> export = new SplitExport(session, files).write(
                new DatasetSplits.Split("train", "ds:train", RedisType.SET, -1), file,
                // the first page is written: stop there (the test thread hands the future over: a barrier)
                n -> running.orTimeout(5, TimeUnit.SECONDS).join().cancel(true));
        running.complete(export);

        assertThat(export).failsWithin(10, TimeUnit.SECONDS);
        assertThat(export.isCancelled()).isTrue();
        files.submit(() -> { }).get(10, TimeUnit.SECONDS); // every step of the export before this one has run
        assertThat(Files.readString(file)).isEqualTo("the export of last week\n");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void aSplitChangedDuringTheExportIsSaidSo() throws Exception {
        redis.sync().sadd("ds:train", IntStream.range(0, 3000).mapToObj(n -> "id:" + n).toArray(String[]::new));
        Path file = dir.resolve("train.txt");
        boolean[] added = {false};

        SplitExport.ExportReport report = new SplitExport(session, files).write(
                new DatasetSplits.Split("train", "ds:train", RedisType.SET, -1), file, n -> {
                    if (!added[0]) {
                        added[0] = true;
                        redis.sync().sadd("ds:train", "late:1", "late:2");
                    }
                }).get(30, TimeUnit.SECONDS);

        assertThat(report.sizeAtEnd()).isEqualTo(3002);
        if (!report.matchesSplit()) {
            assertThat(report.sentence()).contains("The split has 3,002 ids now: it changed during the export");
        }
    }
}
