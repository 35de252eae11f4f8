package dev.tensorlens.ui.browser;

import dev.tensorlens.ui.common.SerialExecutor;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The one lane that writes the {@link KeyIndex}: pages, removals and delimiter changes queue on a
 * {@link SerialExecutor} over a background executor and run in order. After a change it publishes an immutable
 * {@link KeySnapshot}: at once for the first keys, for removals and after a clear, then at most every
 * {@code publishEvery}, or less often when a publish costs more (see {@link #publishInterval}), with a last publish
 * once the pages stop coming.
 */
final class IndexWriter {

    private final SerialExecutor lane;
    private final Consumer<KeySnapshot> published;
    private final long publishEveryNanos;
    private final KeyIndex index = new KeyIndex(); // lane only
    private long lastPublish; // lane only
    private boolean publishScheduled; // lane only
    /** What the last publish cost, taking the snapshot plus building the rows from it (nanoseconds). */
    private volatile long lastSnapshotNanos;
    private volatile long lastBuildNanos;

    /**
     * @param published     called on the lane with each new snapshot
     * @param publishEveryMs 0 publishes after every change: for tests that check each page's effect at once
     */
    IndexWriter(Executor background, long publishEveryMs, Consumer<KeySnapshot> published) {
        this.lane = new SerialExecutor(background);
        this.published = published;
        this.publishEveryNanos = publishEveryMs * 1_000_000;
    }

    KeySnapshot initial() {
        return index.published();
    }

    /**
     * A page of keys, unless {@code wanted} says no by the time it is written (its scan was cancelled). The future
     * completes when the lane is done with the page, written or dropped: a scan waits for it before going on.
     */
    CompletableFuture<Void> add(List<byte[]> page, BooleanSupplier wanted) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lane.execute(() -> {
            try {
                if (wanted.getAsBoolean()) {
                    index.add(page);
                    publishSoon();
                }
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    void remove(List<byte[]> keys) {
        lane.execute(() -> {
            boolean any = false;
            for (byte[] key : keys) {
                any |= index.remove(key);
            }
            if (any) {
                publish();
            }
        });
    }

    void removeFolder(byte[] prefix) {
        lane.execute(() -> {
            if (index.removeFolder(prefix) > 0) {
                publish();
            }
        });
    }

    /** Forgets every key; the first page after this shows at once. */
    void clear() {
        lane.execute(() -> {
            index.clear();
            publish();
            lastPublish = 0;
        });
    }

    void setDelimiter(byte delimiter) {
        lane.execute(() -> {
            index.setDelimiter(delimiter);
            publish();
        });
    }

    /** How long building rows from the last snapshot took: part of what a publish costs. */
    void rowsBuilt(long nanos) {
        lastBuildNanos = nanos;
    }

    /**
     * The time between two publishes while pages keep coming: at least the configured interval, and four times what
     * a publish costs, so that re-sorting and rebuilding the rows of a million keys takes at most a fifth of a core
     * however fast SCAN pages arrive, and leaves the rest to the scan, the server and the FX thread.
     */
    long publishInterval() {
        return publishEveryNanos == 0 ? 0 : Math.max(publishEveryNanos, 4 * (lastSnapshotNanos + lastBuildNanos));
    }

    /** Lane: publishes now when the last one is old enough (or there is none yet), else once, later. */
    private void publishSoon() {
        long wait = lastPublish == 0 ? 0 : lastPublish + publishInterval() - System.nanoTime();
        if (wait <= 0) {
            publish();
        } else if (!publishScheduled) {
            publishScheduled = true;
            CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS, lane).execute(() -> {
                publishScheduled = false;
                publish();
            });
        }
    }

    private void publish() {
        long start = System.nanoTime();
        KeySnapshot s = index.snapshot();
        lastPublish = System.nanoTime();
        lastSnapshotNanos = lastPublish - start;
        published.accept(s);
    }
}
