package dev.tensorlens.bench;

import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.DatasetSplits.Split;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.redis.ClassBalance;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.DatasetOverlaps;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.SetMembership;
import dev.tensorlens.redis.SplitEdit;
import dev.tensorlens.redis.SplitEdits;
import dev.tensorlens.redis.SplitExport;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What the Datasets view costs on big splits: a private redis-server with a 5,000,000-id set (train) and a
 * 1,000,000-id set (test) sharing 1,000 ids, and a labels hash for the test ids. Each phase prints its wall time and
 * the heap in use after GC, which must stay flat (run with {@code -Xmx256m}): nothing here may load a split. Not a
 * JUnit test. Arguments: [train size, default 5000000] [test size, default 1000000] [shared, default 1000].
 */
public final class DatasetsBench {

    /** Adds ARGV[1] … ARGV[2] as decimal ids to KEYS[1]: the server fills the set, the network carries one command. */
    private static final String FILL_SET =
            "for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do redis.call('SADD', KEYS[1], i) end return 1";
    /** Labels ids ARGV[1] … ARGV[2] in hash KEYS[1] with class id % 10. */
    private static final String FILL_LABELS =
            "for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do redis.call('HSET', KEYS[1], i, i % 10) end return 1";
    private static final int PER_SCRIPT = 100_000;

    public static void main(String[] args) throws Exception {
        int trainSize = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        int testSize = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int sharedIds = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        RedisBinary binary = RedisBinary.locate(Path.of("target/redis-bin"));
        Path root = Files.createDirectories(Path.of("target/redis-servers"));
        try (RedisProcess server = RedisProcess.start(binary, Files.createTempDirectory(root, "datasets-bench-"), List.of())) {
            System.out.printf(Locale.ROOT, "Redis %s, JVM max heap %d MB, load %s%n", binary.version(),
                    Runtime.getRuntime().maxMemory() >> 20, Machine.loadavg());
            // train: 0 … trainSize-1; test: trainSize-shared … trainSize-shared+testSize-1 (the first `shared` in both)
            fillSplits(server.uri(), trainSize, testSize, sharedIds);
            try (RedisSession session = RedisSession.open(ConnectionProfile.fromUri(server.uri())).get(30, TimeUnit.SECONDS)) {
                run(session, sharedIds);
            }
        }
    }

    /**
     * The bench's data set: {@code dataset:bench:train} holds 0 … trainSize-1, {@code dataset:bench:test} holds
     * trainSize-shared … trainSize-shared+testSize-1 (the first {@code shared} of them in both), and
     * {@code dataset:bench:labels} labels the test ids; says how long the fill took. {@link DatasetsViewBench} fills
     * its server the same way.
     */
    static void fillSplits(String uri, int trainSize, int testSize, int sharedIds) {
        long fillStart = System.nanoTime();
        fill(uri, FILL_SET, "dataset:bench:train", 0, trainSize);
        fill(uri, FILL_SET, "dataset:bench:test", trainSize - sharedIds, testSize);
        fill(uri, FILL_LABELS, "dataset:bench:labels", trainSize - sharedIds, testSize);
        System.out.printf(Locale.ROOT, "filled %,d + %,d ids and %,d labels in %d ms (Lua, %,d per call)%n",
                trainSize, testSize, testSize, (System.nanoTime() - fillStart) / 1_000_000, PER_SCRIPT);
    }

    private static void run(RedisSession session, int sharedIds) throws Exception {
        Split train = new Split("train", "dataset:bench:train", RedisType.SET, -1);
        Split test = new Split("test", "dataset:bench:test", RedisType.SET, -1);
        DatasetSplits dataset = new DatasetSplits("bench", List.of(train, test), false);
        SetMembership sets = new SetMembership(session);
        DatasetOverlaps overlaps = new DatasetOverlaps(session);
        byte[] trainKey = Keys.bytes(train.key());
        byte[] testKey = Keys.bytes(test.key());
        phase("baseline (connected, nothing read)", () -> "");

        phase("SCARD of the 5M split (TYPE + SCARD)", () -> String.format(Locale.ROOT, "%,d members",
                sets.size(trainKey).get(1, TimeUnit.MINUTES)));
        phase("first SSCAN page (COUNT 1000)", () -> String.format(Locale.ROOT, "%d members",
                sets.scanMembers(trainKey, null, null, 1000).get(1, TimeUnit.MINUTES).members().size()));
        String cursor = null;
        long walkStart = System.nanoTime();
        for (int i = 0; i < 999; i++) {
            cursor = sets.scanMembers(trainKey, cursor, null, 1000).get(1, TimeUnit.MINUTES).nextCursor();
        }
        long walked = (System.nanoTime() - walkStart) / 1_000_000;
        String at = cursor;
        phase("the SSCAN page 1,000 pages in", () -> String.format(Locale.ROOT, "%d members (walking the 999 pages "
                + "before it took %,d ms)", sets.scanMembers(trainKey, at, null, 1000).get(1, TimeUnit.MINUTES)
                .members().size(), walked));

        phase("overlap count, SINTERCARD (Redis 7)", () -> String.format(Locale.ROOT, "%,d shared",
                sets.intersectionCount(trainKey, testKey, p -> { }).get(5, TimeUnit.MINUTES)));
        AtomicInteger reports = new AtomicInteger();
        phase("overlap count + 20-id sample, SSCAN of 1M + SMISMEMBER (as Redis 6.2)", () -> {
            DatasetOverlaps.DatasetReport r = overlaps.assumingVersion(602).measure(dataset, 20,
                    p -> reports.incrementAndGet()).get(5, TimeUnit.MINUTES);
            return describe(r) + ", " + reports.get() + " progress reports";
        });
        phase("measure() on Redis 7: sizes, SINTERCARD, then the 20-id sample", () ->
                describe(overlaps.measure(dataset, 20, p -> { }).get(5, TimeUnit.MINUTES)));
        phase("the 20-id sample alone: shared(train, test, 20)", () -> String.format(Locale.ROOT, "%d ids",
                overlaps.shared(train, test, 20).get(5, TimeUnit.MINUTES).size()));
        phase("shared(train, test, 1000): every shared id", () -> {
            List<byte[]> all = overlaps.shared(train, test, sharedIds).get(5, TimeUnit.MINUTES);
            return String.format(Locale.ROOT, "%,d ids, first %s, last %s", all.size(),
                    Keys.display(all.get(0)), Keys.display(all.get(all.size() - 1)));
        });

        DatasetSplits testOnly = new DatasetSplits("bench", List.of(test), false);
        ClassBalance balance = new ClassBalance(session);
        phase("class balance of the 1M split, labels hash (SSCAN + HMGET per page)", () -> {
            ClassBalance.LabelSource source = balance.findLabels(testOnly).get(1, TimeUnit.MINUTES).orElseThrow();
            ClassBalance.BalanceReport r = balance.count(testOnly, source, p -> { }).get(5, TimeUnit.MINUTES);
            return source.key() + ": " + r.countsBySplit().get("test").entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))
                    + ", unlabeled " + r.unlabeledBySplit().get("test");
        });

        SplitEdits edits = new SplitEdits(session);
        SplitEdit[] fixed = new SplitEdit[1];
        phase("leak fix: the 1,000 shared ids found and removed from test (SplitEdits.remove)", () -> {
            List<byte[]> leaked = overlaps.shared(train, test, sharedIds).get(5, TimeUnit.MINUTES);
            fixed[0] = edits.remove(test, leaked.iterator(), leaked.size(), p -> { }).result().get(5, TimeUnit.MINUTES);
            return fixed[0].sentence();
        });
        phase("undo of the leak fix", () -> edits.undo(fixed[0], p -> { }).result().get(5, TimeUnit.MINUTES).sentence());
        SplitEdit[] imported = new SplitEdit[1];
        phase("import of 1,000,000 new ids into the 5M split, streamed (batches of 500)", () -> {
            imported[0] = edits.add(train, numbers(10_000_000, 1_000_000), 1_000_000, 1.0, p -> { })
                    .result().get(10, TimeUnit.MINUTES);
            return imported[0].sentence() + " (the undo keeps the 1,000,000 ids it added)";
        });
        phase("undo of the import", () -> edits.undo(imported[0], p -> { }).result().get(10, TimeUnit.MINUTES).sentence());
        imported[0] = null;

        Path file = Files.createTempFile("datasets-bench-train", ".txt");
        ExecutorService files = Executors.newSingleThreadExecutor();
        try {
            phase("export of the 5M split to a file (SplitExport: SSCAN pages, streamed)", () ->
                    new SplitExport(session, files).write(train, file, lines -> { }).get(10, TimeUnit.MINUTES).sentence());
        } finally {
            files.shutdown();
            Files.deleteIfExists(file);
        }
    }

    /** The ids {@code from} … {@code from + count - 1} as text, made as they are read (a file being imported). */
    private static Iterator<byte[]> numbers(long from, long count) {
        return new Iterator<>() {
            long next = from;

            @Override
            public boolean hasNext() {
                return next < from + count;
            }

            @Override
            public byte[] next() {
                return Long.toString(next++).getBytes(StandardCharsets.US_ASCII);
            }
        };
    }

    private static String describe(DatasetOverlaps.DatasetReport r) {
        DatasetOverlaps.PairOverlap o = r.overlaps().get(0);
        return String.format(Locale.ROOT, "sizes %s, %,d shared, sample %s", r.dataset().splits().stream()
                        .map(s -> String.format(Locale.ROOT, "%,d", s.size())).collect(Collectors.joining(" / ")),
                o.count(), o.sample().stream().map(Keys::display).collect(Collectors.joining(",")));
    }

    private static void phase(String name, Callable<String> work) throws Exception {
        long start = System.nanoTime();
        String outcome = work.call();
        double ms = (System.nanoTime() - start) / 1e6;
        long heap = Machine.usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "%-72s %10.1f ms  heap after GC %5.1f MB  %s%n", name, ms, heap / 1048576.0,
                outcome);
    }

    private static void fill(String uri, String script, String key, int from, int count) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            String sha = c.sync().scriptLoad(script);
            for (int start = from; start < from + count; start += PER_SCRIPT) {
                int end = Math.min(start + PER_SCRIPT, from + count) - 1;
                c.sync().evalsha(sha, ScriptOutputType.INTEGER, new String[] {key}, Integer.toString(start),
                        Integer.toString(end));
            }
        } finally {
            client.shutdown();
        }
    }
}
