package dev.tensorlens.bench;

import dev.tensorlens.ui.browser.KeyChildren;
import dev.tensorlens.ui.browser.KeyIndex;
import dev.tensorlens.ui.browser.KeySnapshot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One-shot measurement of the key index on 1,000,000 ML-shaped keys fed in SCAN-like pages of 1000 (shuffled, as
 * SCAN returns hash-table order). Not a JUnit test. See docs/BENCHMARKS.md, "Key tree".
 * Arguments: [keys] [rounds]
 */
public final class KeyTreeBench {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (int round = 1; round <= rounds; round++) {
            System.out.println("round " + round);
            run(n);
        }
    }

    static List<byte[]> keyspace(int n) {
        List<byte[]> keys = new ArrayList<>(n);
        String[] layers = new String[200];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = "layer" + (l / 4) + "." + new String[]{"weight", "bias", "running_mean", "running_var"}[l % 4];
        }
        // 40 % DEBUG POPULATE-like, 30 % cached batches, 20 % model layers, 10 % dataset splits
        for (int i = 0; i < n * 4 / 10; i++) {
            keys.add(("key:" + i).getBytes(StandardCharsets.UTF_8));
        }
        String[] datasets = {"imagenet", "cifar10", "coco"};
        for (int i = 0; i < n * 3 / 10; i++) {
            keys.add(("cache:" + datasets[i % 3] + ":batch:" + (i / 3) + ":normalized").getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < n * 2 / 10; i++) {
            int model = i / 4000;
            int version = (i / 200) % 20;
            keys.add(("model:net" + model + ":v" + version + ":" + layers[i % 200]).getBytes(StandardCharsets.UTF_8));
        }
        String[] splits = {"train", "val", "test"};
        for (int i = 0; keys.size() < n; i++) {
            keys.add(("dataset:ds" + (i / 3) + ":" + splits[i % 3]).getBytes(StandardCharsets.UTF_8));
        }
        Collections.shuffle(keys, new Random(42));
        return keys;
    }

    static void run(int n) {
        long heapBefore = usedHeapAfterGc(); // before the input keys exist: they are dropped before the "after"
        List<byte[]> keys = keyspace(n);
        long keyBytes = 0;
        for (byte[] k : keys) {
            keyBytes += k.length;
        }

        KeyIndex index = new KeyIndex();
        long t0 = System.nanoTime();
        index.add(keys.subList(0, 1000));
        KeySnapshot first = index.snapshot();
        int rootChildren = first.children(new byte[0]).size();
        long firstPage = System.nanoTime() - t0;

        // every 100th page is also sent twice: SCAN may return keys again
        // a snapshot after every page: the worst case, as when the UI asks after each page
        long snapshotMax = 0;
        for (int p = 1000; p < n; p += 1000) {
            index.add(keys.subList(p, Math.min(n, p + 1000)));
            if (p % 100_000 == 0) {
                index.add(keys.subList(p - 1000, p));
            }
            long s0 = System.nanoTime();
            index.snapshot();
            snapshotMax = Math.max(snapshotMax, System.nanoTime() - s0);
        }
        KeySnapshot all = index.snapshot();
        long complete = System.nanoTime() - t0;

        // throttled publishing (what KeyTreeModel does while a backlog of pages is queued): every 100 ms
        KeyIndex throttled = new KeyIndex();
        long t1 = System.nanoTime();
        long lastPublish = t1;
        for (int p = 0; p < n; p += 1000) {
            throttled.add(keys.subList(p, Math.min(n, p + 1000)));
            if (System.nanoTime() - lastPublish > 100_000_000L) {
                throttled.snapshot();
                lastPublish = System.nanoTime();
            }
        }
        throttled.snapshot();
        long completeThrottled = System.nanoTime() - t1;
        throttled = null;

        // open folders on a fresh snapshot (no cached children): root, the biggest folder, a deep one
        index.add(List.of("fresh:1".getBytes(StandardCharsets.UTF_8)));
        KeySnapshot s = index.snapshot();
        long r0 = System.nanoTime();
        KeyChildren root = s.children(new byte[0]);
        long rootOpen = System.nanoTime() - r0;
        long b0 = System.nanoTime();
        KeyChildren big = s.children("key:".getBytes(StandardCharsets.UTF_8));
        long bigOpen = System.nanoTime() - b0;
        long c0 = System.nanoTime();
        KeyChildren batches = s.children("cache:imagenet:batch:".getBytes(StandardCharsets.UTF_8));
        long batchesOpen = System.nanoTime() - c0;
        long m0 = System.nanoTime();
        KeyChildren layers = s.children("model:net7:v3:".getBytes(StandardCharsets.UTF_8));
        long layersOpen = System.nanoTime() - m0;
        long cached0 = System.nanoTime();
        s.children("key:".getBytes(StandardCharsets.UTF_8));
        long bigCached = System.nanoTime() - cached0;

        // flat mode: random rows, key bytes + display text, as a cell asks for them
        Random random = new Random(7);
        int fetches = 200_000;
        long sink = 0;
        long f0 = System.nanoTime();
        for (int i = 0; i < fetches; i++) {
            sink += s.display(random.nextInt(s.size())).length();
        }
        long flatRow = (System.nanoTime() - f0) / fetches;
        // a tree row of the biggest folder
        long g0 = System.nanoTime();
        for (int i = 0; i < fetches; i++) {
            int c = random.nextInt(big.size());
            sink += big.displayName(c).length() + big.key(c).length;
        }
        long treeRow = (System.nanoTime() - g0) / fetches;

        keys = null;
        first = null;
        all = null;
        long heapAfter = usedHeapAfterGc();
        long heap = heapAfter - heapBefore;
        // the index's arrays, key bytes included; the children caches of s are on top
        long footprint = index.footprintBytes();

        System.out.printf("  keys %,d distinct (%,d key bytes, %.1f B/key)%n", s.size() - 1, keyBytes,
                (double) keyBytes / n);
        System.out.printf("  first page visible (add 1000 + snapshot + root children, %d rows): %.2f ms%n",
                rootChildren, firstPage / 1e6);
        System.out.printf("  complete, snapshot after every page: %.0f ms (slowest snapshot %.1f ms)%n",
                complete / 1e6, snapshotMax / 1e6);
        System.out.printf("  complete, snapshot every 100 ms:     %.0f ms%n", completeThrottled / 1e6);
        System.out.printf("  open root (%d children): %.2f ms%n", root.size(), rootOpen / 1e6);
        System.out.printf("  open key: (%,d children): %.1f ms, again (cached) %.3f ms%n", big.size(),
                bigOpen / 1e6, bigCached / 1e6);
        System.out.printf("  open cache:imagenet:batch: (%,d sub-folders): %.1f ms%n", batches.size(),
                batchesOpen / 1e6);
        System.out.printf("  open model:net7:v3: (%d keys): %.3f ms%n", layers.size(), layersOpen / 1e6);
        System.out.printf("  flat row (key bytes + display): %d ns; tree row in key: %d ns%n", flatRow, treeRow);
        System.out.printf("  heap after GC (index + 1 snapshot + its open folders): %.1f MB = %.1f B/key total, %.1f B/key beyond the key bytes "
                        + "(arrays alone: %.1f B/key beyond)%n", heap / 1e6, (double) heap / n,
                (double) (heap - keyBytes) / n, (double) (footprint - keyBytes) / n);
        if (sink == 42) {
            System.out.println();
        }
        System.out.println("  (" + index.size() + " held; " + s.children(new byte[0]).size() + ")");
    }

    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
