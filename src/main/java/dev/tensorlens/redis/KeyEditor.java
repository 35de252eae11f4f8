package dev.tensorlens.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The key browser's edits: expiry, rename, delete, bulk delete. Every command goes through
 * {@link RedisSession#write}, so a read-only profile refuses each of them before anything is sent.
 */
public final class KeyEditor {

    private static final Logger log = LoggerFactory.getLogger(KeyEditor.class);

    /** Keys per {@code UNLINK} in {@link #deleteAll}: big enough to be quick, small enough not to stall the server. */
    static final int DELETE_BATCH = 500;

    /** Redis refuses an expiry time past the largest millisecond timestamp; a millennium is plenty and stays far from it. */
    private static final Duration LONGEST_TTL = Duration.ofDays(365L * 1000);

    private final RedisSession session;

    public KeyEditor(RedisSession session) {
        this.session = Objects.requireNonNull(session);
    }

    /**
     * Sets the time to live ({@code PEXPIRE}, rounded up to whole milliseconds), or removes it when {@code ttl} is
     * null ({@code PERSIST}).
     *
     * @return true when done; false when the key does not exist, and for {@code PERSIST} also when the key had no
     * expiry to remove (Redis does not tell the two apart there)
     * @throws IllegalArgumentException (in the future) for a zero or negative ttl: Redis would delete the key at
     *                                  once, which is {@link #delete}'s job
     */
    public CompletableFuture<Boolean> setTtl(byte[] key, Duration ttl) {
        if (ttl == null) {
            return session.write("PERSIST", c -> c.persist(key));
        }
        if (ttl.isNegative() || ttl.isZero()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "A time to live must be positive; " + ttl + " would delete the key."));
        }
        if (ttl.compareTo(LONGEST_TTL) > 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "A time to live of " + ttl + " is longer than Redis can hold."));
        }
        long millis = ttlMillis(ttl);
        return session.write("PEXPIRE", c -> c.pexpire(key, millis));
    }

    /** A positive time to live in whole milliseconds, rounded up: a part of a millisecond is not "delete now". */
    static long ttlMillis(Duration ttl) {
        return Math.max(1, ttl.toMillis() + (ttl.toNanosPart() % 1_000_000 == 0 ? 0 : 1));
    }

    /**
     * Renames {@code key}: {@code RENAMENX}, or {@code RENAME} (replacing any key called {@code newKey}) when
     * {@code overwrite}.
     *
     * @return false when {@code newKey} exists and {@code overwrite} is false (nothing changed)
     * <p>Fails when {@code key} does not exist, and on a cluster when {@code newKey} hashes to another slot; the
     * messages say so in words ({@link RedisErrors#describe}).
     */
    public CompletableFuture<Boolean> rename(byte[] key, byte[] newKey, boolean overwrite) {
        if (overwrite) {
            return Futures.map(session.write("RENAME", c -> c.rename(key, newKey)), ok -> true);
        }
        return session.write("RENAMENX", c -> c.renamenx(key, newKey));
    }

    /** {@code UNLINK} (the server frees the memory in the background): 1 when the key existed, else 0. */
    public CompletableFuture<Long> delete(byte[] key) {
        return session.write("UNLINK", c -> c.unlink(key));
    }

    /**
     * Deletes every key {@code keys} yields, with {@code UNLINK} in batches of {@value #DELETE_BATCH}, one batch in
     * flight at a time so the server keeps serving others. {@code keys} is consumed on a background thread (it may
     * be slow, a scan say), never on the caller's; {@code progress} is called on that thread after every batch,
     * and once at the end with {@code done} true. A progress callback that throws stops the deletion and fails
     * the result. On a cluster the cluster client splits each batch by slot and sends each part to its master.
     *
     * <p>Refused on a read-only profile before {@code keys} is touched. See {@link BatchedEdit} for cancelling.
     *
     * @param expected how many keys the caller expects, passed through in {@link BulkProgress} for a progress bar
     */
    public BatchedEdit<BulkProgress> deleteAll(Iterator<byte[]> keys, int expected, Consumer<BulkProgress> progress) {
        Objects.requireNonNull(keys);
        Objects.requireNonNull(progress);
        CompletableFuture<BulkProgress> result = new CompletableFuture<>();
        if (session.isReadOnly()) {
            result.completeExceptionally(new ReadOnlyProfileException("UNLINK", session.profile().displayName()));
            return new BatchedEdit<>(result, () -> { });
        }
        BulkRun run = new BulkRun(keys, expected, progress, result);
        session.executor().execute(run::run);
        return new BatchedEdit<>(result, run::stop);
    }

    private final class BulkRun {
        final Iterator<byte[]> keys;
        final int expected;
        final Consumer<BulkProgress> progress;
        final CompletableFuture<BulkProgress> result;
        volatile boolean stopRequested;
        long deleted;
        long attempted;

        BulkRun(Iterator<byte[]> keys, int expected, Consumer<BulkProgress> progress, CompletableFuture<BulkProgress> result) {
            this.keys = keys;
            this.expected = expected;
            this.progress = progress;
            this.result = result;
            // Cancelling the future stops the run as cancel() does; the batch in flight finishes.
            result.whenComplete((v, e) -> stopRequested = true);
        }

        void stop() {
            stopRequested = true;
        }

        void run() {
            try {
                while (!stopRequested) {
                    byte[][] batch = nextBatch();
                    if (batch.length == 0) {
                        finish(true);
                        return;
                    }
                    attempted += batch.length;
                    deleted += unlink(batch);
                    progress.accept(new BulkProgress(deleted, attempted, expected, false));
                }
                finish(false);
            } catch (RedisOperationException e) {
                fail(e.operation(), e.getMessage(), e.getCause() == null ? e : e.getCause());
            } catch (RuntimeException e) {
                fail("UNLINK", RedisErrors.describe("Deleting keys", e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("UNLINK", "Deleting keys was interrupted.", e);
            }
        }

        private byte[][] nextBatch() {
            List<byte[]> batch = new ArrayList<>(DELETE_BATCH);
            while (batch.size() < DELETE_BATCH && !stopRequested && keys.hasNext()) {
                batch.add(Objects.requireNonNull(keys.next(), "the key iterator gave null"));
            }
            return batch.toArray(byte[][]::new);
        }

        /** Blocks this (our own) thread on the reply: waiting is what keeps one batch in flight. */
        private long unlink(byte[][] batch) throws InterruptedException {
            try {
                Long removed = session.write("UNLINK", c -> c.unlink(batch)).get();
                return removed == null ? 0 : removed;
            } catch (ExecutionException e) {
                throw RedisErrors.wrap("UNLINK", e.getCause());
            }
        }

        private void finish(boolean done) {
            BulkProgress last = new BulkProgress(deleted, attempted, expected, done);
            if (done) {
                progress.accept(last);
            }
            result.complete(last);
            log.info("Bulk delete: {} of {} keys sent were deleted{}", deleted, attempted, done ? "" : " (stopped)");
        }

        private void fail(String operation, String message, Throwable cause) {
            String sofar = deleted == 0 ? " No key was deleted." : " " + deleted + " keys were deleted before that.";
            result.completeExceptionally(new RedisOperationException(operation, message + sofar, cause));
        }
    }
}
