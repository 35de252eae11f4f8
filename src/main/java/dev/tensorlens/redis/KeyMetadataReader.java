package dev.tensorlens.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamScanCursor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Metadata for the rows a key tree shows (tens of keys at a time), fetched lazily as rows come into view.
 *
 * <p>{@link #describeAll} sends {@code TYPE}, {@code PTTL} and {@code MEMORY USAGE … SAMPLES 5} for every key
 * before it waits on any reply (Lettuce pipelines them on the one connection); as each {@code TYPE} arrives, that
 * key's size command follows, with {@code GETRANGE key 0 63} for strings (the head bytes that tell npy, safetensors,
 * pickle … apart) and {@code HRANDFIELD key 16} for hashes (field names that tell a checkpoint hash). So a
 * batch costs two round trips however many keys it has.
 */
public final class KeyMetadataReader {

    /** Bytes of a string value fetched for format sniffing. */
    public static final int HEAD_BYTES = 64;
    /** Hash field names sampled per hash. */
    public static final int SAMPLE_FIELDS = 16;

    /**
     * One row's metadata.
     *
     * @param head         the first {@value #HEAD_BYTES} bytes of a string value (fewer when it is shorter); empty
     *                     for other types
     * @param sampleFields up to {@value #SAMPLE_FIELDS} field names of a hash, in no particular order; empty for other types
     */
    public record KeyMetadata(KeyInfo info, byte[] head, List<byte[]> sampleFields) {
        public KeyMetadata {
            sampleFields = List.copyOf(sampleFields);
        }
    }

    private static final byte[] NO_BYTES = new byte[0];

    private final RedisSession session;

    public KeyMetadataReader(RedisSession session) {
        this.session = session;
    }

    /**
     * The metadata of every key, in the order given. A key that no longer exists has type {@code none} (size 0,
     * memory -1, ttl -1). {@code MEMORY USAGE} refused by the server gives memory -1, not a failure. A key whose
     * type changes between {@code TYPE} and its size command is described once more. Cancelling the future
     * cancels the commands still pending and sends no more.
     */
    public CompletableFuture<List<KeyMetadata>> describeAll(List<byte[]> keys) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Batch batch = new Batch();
        List<CompletableFuture<KeyMetadata>> rows = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            rows.add(describe(key, batch, true));
        }
        CompletableFuture<List<KeyMetadata>> all = CompletableFuture.allOf(rows.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    List<KeyMetadata> result = new ArrayList<>(rows.size());
                    rows.forEach(row -> result.add(row.join()));
                    return Collections.unmodifiableList(result);
                });
        all.whenComplete((v, e) -> {
            if (all.isCancelled()) {
                batch.cancel();
            }
        });
        return all;
    }

    /** One key: the first three commands are sent now; the rest when TYPE has answered. */
    private CompletableFuture<KeyMetadata> describe(byte[] key, Batch batch, boolean retryOnTypeChange) {
        CompletableFuture<String> type = batch.track(session.read("TYPE", c -> c.type(key)));
        CompletableFuture<Long> ttl = batch.track(session.read("PTTL", c -> c.pttl(key)));
        CompletableFuture<Long> memory = batch.track(KeyProbes.memoryUsage(session, key));
        CompletableFuture<KeyMetadata> described = type.thenCompose(t -> byType(key, t, batch))
                .thenCombine(ttl, (row, pttl) -> row.withTtl(KeyProbes.ttlOrNone(pttl)))
                .thenCombine(memory, (row, mem) -> row.toMetadata(key, mem));
        if (!retryOnTypeChange) {
            return described;
        }
        // The key was replaced by one of another type between TYPE and its size command: WRONGTYPE. Rare, and no
        // reason to fail the other rows; describe that key again.
        return described.exceptionallyCompose(failure -> isWrongType(failure) && !batch.cancelled
                ? describe(key, batch, false)
                : CompletableFuture.failedFuture(failure));
    }

    private CompletableFuture<PartialRow> byType(byte[] key, String type, Batch batch) {
        if (batch.cancelled) {
            return CompletableFuture.failedFuture(new CancellationException());
        }
        CompletableFuture<Long> size = batch.track(KeyProbes.size(session, key, type));
        return switch (type) {
            case "string" -> {
                CompletableFuture<byte[]> head = batch.track(session.read("GETRANGE",
                        c -> c.getrange(key, 0, HEAD_BYTES - 1)));
                yield size.thenCombine(head, (n, bytes) -> new PartialRow(type, n, bytes == null ? NO_BYTES : bytes, List.of(), -1));
            }
            case "hash" -> size.thenCombine(sampleFieldNames(key, batch),
                    (n, fields) -> new PartialRow(type, n, NO_BYTES, fields, -1));
            default -> size.thenApply(n -> new PartialRow(type, n, NO_BYTES, List.of(), -1));
        };
    }

    /**
     * Up to {@value #SAMPLE_FIELDS} field names of a hash, names only: {@code HRANDFIELD key 16} (Redis 6.2+; all the
     * fields of a smaller hash, distinct). Before 6.2 one {@code HSCAN key 0 COUNT 16} page, whose values come along
     * and are dropped: a checkpoint hash of multi-megabyte tensors would otherwise send them all for one badge.
     */
    private CompletableFuture<List<byte[]>> sampleFieldNames(byte[] key, Batch batch) {
        CompletableFuture<List<byte[]>> names = batch.track(session.read("HRANDFIELD",
                c -> c.hrandfield(key, SAMPLE_FIELDS)));
        return names.handle((list, failure) -> failure == null
                        ? CompletableFuture.completedFuture(List.copyOf(list))
                        : isUnknownCommand(failure) ? sampleByScan(key, batch) : CompletableFuture.<List<byte[]>>failedFuture(failure))
                .thenCompose(f -> f);
    }

    private CompletableFuture<List<byte[]>> sampleByScan(byte[] key, Batch batch) {
        List<byte[]> names = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<StreamScanCursor> page = batch.track(session.read("HSCAN", c -> c.hscan(
                (field, value) -> {
                    if (names.size() < SAMPLE_FIELDS) {
                        names.add(field);
                    }
                },
                key, ScanCursor.INITIAL, ScanArgs.Builder.limit(SAMPLE_FIELDS))));
        return page.thenApply(cursor -> List.copyOf(names));
    }

    private static boolean isUnknownCommand(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("unknown command")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWrongType(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisCommandExecutionException e && String.valueOf(e.getMessage()).startsWith("WRONGTYPE")) {
                return true;
            }
        }
        return false;
    }

    /** What is known of a row once its type-dependent commands have answered. */
    private record PartialRow(String type, long size, byte[] head, List<byte[]> fields, long ttl) {
        PartialRow withTtl(long ttlMillis) {
            return new PartialRow(type, size, head, fields, ttlMillis);
        }

        KeyMetadata toMetadata(byte[] key, long memory) {
            return new KeyMetadata(new KeyInfo(key, type, size, memory, ttl), head, fields);
        }
    }

    /** The commands of one describeAll call, so cancelling the call cancels them, including those sent later. */
    private static final class Batch {
        private final Queue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
        volatile boolean cancelled;

        <T> CompletableFuture<T> track(CompletableFuture<T> command) {
            pending.add(command);
            if (cancelled) {
                command.cancel(true);
            }
            return command;
        }

        void cancel() {
            cancelled = true;
            for (CompletableFuture<?> command; (command = pending.poll()) != null; ) {
                command.cancel(true);
            }
        }
    }
}
