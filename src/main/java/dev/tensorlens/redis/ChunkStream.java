package dev.tensorlens.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * Bytes {@code [from, from + length)} of a string value handed to a sink chunk by chunk, in order, on the decoder
 * executor: statistics over a 200 MB array in bounded memory. The next {@code GETRANGE} is sent as a chunk goes to the
 * sink (the network works while the sink computes) but not before, so at most two chunks are held: the one in the
 * sink and the one arriving. Cancelling the future stops after the chunk in flight. A value that ends early fails in
 * words: it changed since its header was read.
 */
final class ChunkStream {

    private final RedisSession session;
    private final byte[] key;
    private final long from;
    private final long length;
    private final int chunkBytes;
    private final Executor decoder;
    private final ArrayReader.ChunkSink sink;
    private final LongConsumer progress;
    private final CompletableFuture<Void> result = new CompletableFuture<>();
    private volatile CompletableFuture<byte[]> inFlight;

    private ChunkStream(RedisSession session, byte[] key, long from, long length, int chunkBytes, Executor decoder,
                        ArrayReader.ChunkSink sink, LongConsumer progress) {
        this.session = session;
        this.key = key;
        this.from = from;
        this.length = length;
        this.chunkBytes = chunkBytes;
        this.decoder = decoder;
        this.sink = sink;
        this.progress = progress;
    }

    /**
     * @param chunkBytes bytes per {@code GETRANGE}: a multiple of the element size, so each chunk holds whole elements
     * @param progress   bytes handed to the sink so far, after each chunk
     */
    static CompletableFuture<Void> run(RedisSession session, byte[] key, long from, long length, int chunkBytes,
                                       Executor decoder, ArrayReader.ChunkSink sink, LongConsumer progress) {
        ChunkStream stream = new ChunkStream(session, key, from, length, chunkBytes, decoder, sink, progress);
        stream.result.whenComplete((v, e) -> {
            CompletableFuture<byte[]> chunk = stream.inFlight;
            if (stream.result.isCancelled() && chunk != null) {
                chunk.cancel(true);
            }
        });
        if (length == 0) {
            stream.result.complete(null);
        } else {
            stream.arrive(0, stream.fetch(0));
        }
        return stream.result;
    }

    private CompletableFuture<byte[]> fetch(long offset) {
        long start = from + offset;
        long end = start + Math.min(chunkBytes, length - offset) - 1;
        CompletableFuture<byte[]> chunk = session.read("GETRANGE", c -> c.getrange(key, start, end));
        inFlight = chunk;
        return chunk;
    }

    /** Called once the sink is done with the chunk before {@code offset}: this one goes to it when it is there. */
    private void arrive(long offset, CompletableFuture<byte[]> chunk) {
        chunk.whenComplete((bytes, failure) -> {
            if (failure != null) {
                result.completeExceptionally(RedisErrors.unwrap(failure));
                return;
            }
            long expected = Math.min(chunkBytes, length - offset);
            if (bytes.length < expected) {
                result.completeExceptionally(new RedisOperationException("GETRANGE", "The value of "
                        + Keys.display(key) + " ends at byte " + (from + offset + bytes.length) + ", before the "
                        + length + " bytes from byte " + from + " that were to be read: it changed since its header "
                        + "was read. Read it again.", null));
                return;
            }
            try {
                decoder.execute(() -> consume(offset, bytes));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    private void consume(long offset, byte[] bytes) {
        if (result.isDone()) {
            return; // cancelled
        }
        long next = offset + bytes.length;
        CompletableFuture<byte[]> following = next < length ? fetch(next) : null;
        try {
            sink.accept(bytes, 0, bytes.length);
            progress.accept(next);
        } catch (RuntimeException | OutOfMemoryError e) {
            if (following != null) {
                following.cancel(true);
            }
            result.completeExceptionally(e);
            return;
        }
        if (following == null) {
            result.complete(null);
        } else {
            arrive(next, following);
        }
    }
}
