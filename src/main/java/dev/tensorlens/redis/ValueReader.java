package dev.tensorlens.redis;

import dev.tensorlens.tensor.ChunkedBytes;
import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Size-guarded reads: the size of a value first, then the value in pages ({@code HSCAN}) or chunks
 * ({@code GETRANGE}), never a whole collection nobody has measured.
 */
public final class ValueReader {

    /**
     * The largest reply that stays an ordinary young object under G1, for reads of many replies: its array (16 bytes of
     * header more) under half of G1's smallest region (1 MB). A larger one is "humongous": a region of its own, zeroed
     * inside the VM, where a safepoint waits for it (see {@link dev.tensorlens.tensor.ChunkedBytes}).
     */
    public static final int REPLY_BYTES = 512 * 1024 - 64;

    /** Strings up to this size are read with one {@code GET}; larger ones in chunks of this size. */
    public static final int CHUNK_BYTES = 4 * 1024 * 1024;
    /** Hash fields fetched per {@code HSCAN} page. */
    static final int HSCAN_COUNT = 200;

    private final RedisSession session;

    public ValueReader(RedisSession session) {
        this.session = session;
    }

    /** {@code TYPE} alone: {@code none} when the key does not exist. */
    public CompletableFuture<String> type(byte[] key) {
        return session.read("TYPE", c -> c.type(key));
    }

    /** {@code TYPE}, the size for that type, {@code MEMORY USAGE … SAMPLES 5} and {@code PTTL}, pipelined. */
    public CompletableFuture<KeyInfo> describe(byte[] key) {
        CompletableFuture<String> type = session.read("TYPE", c -> c.type(key));
        CompletableFuture<Long> ttl = session.read("PTTL", c -> c.pttl(key));
        CompletableFuture<Long> memory = KeyProbes.memoryUsage(session, key);
        CompletableFuture<KeyInfo> info = type.thenCompose(t -> KeyProbes.size(session, key, t)
                .thenCombine(memory, (size, mem) -> new KeyInfo(key, t, size, mem, KeyProbes.ttlOrNone(ttl.join()))));
        Futures.cancelTogether(info, type, ttl, memory);
        return info;
    }

    /**
     * A string value of {@code size} bytes (from {@link #describe}): one {@code GET} when small, else
     * {@code GETRANGE} chunks, reporting the bytes read so far. Cancelling the future stops after the chunk
     * in flight.
     */
    public CompletableFuture<byte[]> readString(byte[] key, long size, LongConsumer progress) {
        return readString(key, size, CHUNK_BYTES, progress);
    }

    /**
     * {@link #readString(byte[], long, LongConsumer)} in chunks of {@code chunkBytes}: smaller chunks report
     * progress more often and stop sooner when cancelled, at the cost of more round trips.
     */
    public CompletableFuture<byte[]> readString(byte[] key, long size, int chunkBytes, LongConsumer progress) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes " + chunkBytes);
        }
        if (size > Integer.MAX_VALUE - 16) {
            return CompletableFuture.failedFuture(new RedisOperationException("GETRANGE",
                    "The value is " + size + " bytes, more than one read can hold (2 GiB).", null));
        }
        if (size <= chunkBytes) {
            return Futures.map(session.read("GET", c -> c.get(key)), v -> {
                byte[] value = v == null ? new byte[0] : v;
                progress.accept(value.length);
                return value;
            });
        }
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        OneArray out = new OneArray((int) size);
        readChunk(key, out::append, out::filled, chunkBytes, progress, result, out::result);
        return result;
    }

    /**
     * {@link #readString(byte[], long, int, LongConsumer)} into chunks of {@link ChunkedBytes#DEFAULT_CHUNK_BYTES}
     * rather than one array: for a value that may be hundreds of MB, whose one array would hold every thread at a
     * safepoint while the VM zeroes it (see {@link ChunkedBytes}).
     */
    public CompletableFuture<ChunkedBytes> readStringChunked(byte[] key, long size, int chunkBytes,
                                                             LongConsumer progress) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes " + chunkBytes);
        }
        if (size <= chunkBytes || size > Integer.MAX_VALUE - 16) { // the latter fails as readString says
            return Futures.map(readString(key, size, chunkBytes, progress), ChunkedBytes::of);
        }
        CompletableFuture<ChunkedBytes> result = new CompletableFuture<>();
        ChunkedBytes.Builder out = new ChunkedBytes.Builder(ChunkedBytes.DEFAULT_CHUNK_BYTES, size);
        readChunk(key, out::append, out::filled, chunkBytes, progress, result, out::build);
        return result;
    }

    /**
     * Where the chunks of one read land: one array of the measured size, made when the first chunk arrives (on a
     * Lettuce thread, never the caller's, which may be the FX thread) and filled in place, so a 200 MB value is not
     * zeroed on the caller's thread nor copied again at the end.
     */
    private static final class OneArray {
        final int expected;
        byte[] bytes;
        int filled;

        OneArray(int expected) {
            this.expected = expected;
        }

        long filled() {
            return filled;
        }

        void append(byte[] chunk) {
            if (bytes == null) {
                bytes = new byte[expected];
            }
            if (filled + chunk.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(filled + chunk.length, bytes.length * 2)); // it grew meanwhile
            }
            System.arraycopy(chunk, 0, bytes, filled, chunk.length);
            filled += chunk.length;
        }

        byte[] result() {
            byte[] b = bytes == null ? new byte[0] : bytes;
            return filled == b.length ? b : Arrays.copyOf(b, filled);
        }
    }

    /**
     * Reads the chunk from {@code filled()} on, hands it to {@code append}, and goes on until a short chunk; then
     * completes {@code result} with {@code whole}.
     */
    private <T> void readChunk(byte[] key, Consumer<byte[]> append, LongSupplier filled, int chunkBytes,
                               LongConsumer progress, CompletableFuture<T> result, Supplier<T> whole) {
        if (result.isDone()) {
            return; // cancelled
        }
        long from = filled.getAsLong();
        long to = from + chunkBytes - 1;
        CompletableFuture<byte[]> chunk = session.read("GETRANGE", c -> c.getrange(key, from, to));
        chunk.whenComplete((bytes, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            try {
                append.accept(bytes);
                progress.accept(filled.getAsLong());
            } catch (RuntimeException | OutOfMemoryError e) {
                // thrown on a Lettuce thread, inside a callback nobody waits on: unless passed on here, the
                // caller would wait for ever (the array of the measured size, or a listener, may fail)
                result.completeExceptionally(e);
                return;
            }
            if (bytes.length < chunkBytes) {
                result.complete(whole.get()); // a short chunk is the end, even if the value shrank meanwhile
            } else {
                readChunk(key, append, filled, chunkBytes, progress, result, whole);
            }
        });
    }

    /**
     * Up to {@code maxFields} fields of a hash, paged with {@code HSCAN}. Fails, saying how many fields the hash
     * has, rather than reading more.
     */
    public CompletableFuture<Map<String, byte[]>> readHash(byte[] key, long fieldCount, int maxFields) {
        if (fieldCount > maxFields) {
            return CompletableFuture.failedFuture(new RedisOperationException("HSCAN", "The hash has " + fieldCount
                    + " fields; at most " + maxFields + " are read at once. Name one field.", null));
        }
        CompletableFuture<Map<String, byte[]>> result = new CompletableFuture<>();
        scanPage(key, ScanCursor.INITIAL, new LinkedHashMap<>(), maxFields, result);
        return result;
    }

    private void scanPage(byte[] key, ScanCursor cursor, Map<String, byte[]> fields, int maxFields,
                          CompletableFuture<Map<String, byte[]>> result) {
        if (result.isDone()) {
            return;
        }
        CompletableFuture<MapScanCursor<byte[], byte[]>> page =
                session.read("HSCAN", c -> c.hscan(key, cursor, ScanArgs.Builder.limit(HSCAN_COUNT)));
        page.whenComplete((p, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            p.getMap().forEach((field, value) -> fields.put(Keys.display(field), value));
            if (fields.size() > maxFields) {
                result.completeExceptionally(new RedisOperationException("HSCAN",
                        "The hash grew past " + maxFields + " fields while it was read.", null));
            } else if (p.isFinished()) {
                result.complete(fields);
            } else {
                scanPage(key, p, fields, maxFields, result);
            }
        });
    }

    /** The length of one hash field's value ({@code HSTRLEN}); 0 when there is no such field. */
    public CompletableFuture<Long> hashFieldLength(byte[] key, byte[] field) {
        return session.read("HSTRLEN", c -> c.hstrlen(key, field));
    }

    /**
     * A RedisAI tensor ({@code TYPE} {@code AI_TENSOR}) as {@code AI.TENSORGET key META BLOB} replies:
     * {@code ["dtype", …, "shape", […], "blob", bytes]}. Fails with the server's words where the module is missing.
     */
    public CompletableFuture<List<Object>> readRedisAiTensor(byte[] key) {
        return session.read("AI.TENSORGET", c -> c.dispatch(RedisAiCommand.TENSORGET,
                new NestedMultiOutput<>(ByteArrayCodec.INSTANCE),
                new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(key).add("META").add("BLOB")));
    }

    /** The module command Lettuce has no method for. */
    private enum RedisAiCommand implements ProtocolKeyword {
        TENSORGET;

        private final byte[] name = "AI.TENSORGET".getBytes(StandardCharsets.US_ASCII);

        @Override
        public byte[] getBytes() {
            return name;
        }
    }

    /** One field of a hash, or {@code null} when the hash has no such field. */
    public CompletableFuture<byte[]> readHashField(byte[] key, byte[] field) {
        return session.read("HGET", c -> c.hget(key, field));
    }

    /** Several fields at once (siblings such as {@code dtype} and {@code shape}); missing ones are left out. */
    public CompletableFuture<Map<String, byte[]>> readHashFields(byte[] key, List<String> names) {
        byte[][] fields = names.stream().map(Keys::bytes).toArray(byte[][]::new);
        return Futures.map(session.read("HMGET", c -> c.hmget(key, fields)), values -> {
            Map<String, byte[]> found = new LinkedHashMap<>();
            for (KeyValue<byte[], byte[]> kv : values) {
                if (kv.hasValue()) {
                    found.put(Keys.display(kv.getKey()), kv.getValue());
                }
            }
            return found;
        });
    }

    static List<String> names(Map<String, byte[]> fields) {
        return new ArrayList<>(fields.keySet());
    }
}
