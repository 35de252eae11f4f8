package dev.tensorlens.redis;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * One range of a string value, {@code length} bytes from {@code from}, read with {@code GETRANGE} in chunks into one
 * array of that length (made when the first chunk arrives, on a Lettuce thread, never the caller's). Progress is
 * reported after each chunk; cancelling the future stops after the chunk in flight. A value that ends before the
 * range does fails in words: it changed since the range was measured.
 */
final class RangeRead {

    private final RedisSession session;
    private final byte[] key;
    private final long from;
    private final int length;
    private final int chunkBytes;
    private final LongConsumer progress;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private volatile CompletableFuture<byte[]> inFlight;
    private byte[] bytes;
    private int filled;

    private RangeRead(RedisSession session, byte[] key, long from, int length, int chunkBytes, LongConsumer progress) {
        this.session = session;
        this.key = key;
        this.from = from;
        this.length = length;
        this.chunkBytes = chunkBytes;
        this.progress = progress;
    }

    /** @param progress bytes of the range read so far, after each chunk */
    static CompletableFuture<byte[]> read(RedisSession session, byte[] key, long from, int length, int chunkBytes,
                                          LongConsumer progress) {
        if (chunkBytes < 1 || from < 0 || length < 0) {
            throw new IllegalArgumentException("GETRANGE of " + length + " bytes from " + from + " in chunks of " + chunkBytes);
        }
        RangeRead read = new RangeRead(session, key, from, length, chunkBytes, progress);
        read.result.whenComplete((v, e) -> {
            CompletableFuture<byte[]> chunk = read.inFlight;
            if (read.result.isCancelled() && chunk != null) {
                chunk.cancel(true);
            }
        });
        if (length == 0) {
            read.result.complete(new byte[0]);
        } else {
            read.next();
        }
        return read.result;
    }

    private void next() {
        if (result.isDone()) {
            return; // cancelled
        }
        long start = from + filled;
        long end = start + Math.min(chunkBytes, length - filled) - 1;
        CompletableFuture<byte[]> chunk = session.read("GETRANGE", c -> c.getrange(key, start, end));
        inFlight = chunk;
        chunk.whenComplete((part, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            try {
                if (bytes == null) {
                    bytes = new byte[length];
                }
                int n = Math.min(part.length, length - filled);
                System.arraycopy(part, 0, bytes, filled, n);
                filled += n;
                progress.accept(filled);
            } catch (RuntimeException | OutOfMemoryError e) {
                // on a Lettuce thread, in a callback nobody waits on: passed on, or the caller would wait for ever
                result.completeExceptionally(e);
                return;
            }
            if (filled == length) {
                result.complete(bytes);
            } else if (part.length < end - start + 1) {
                result.completeExceptionally(new RedisOperationException("GETRANGE", "The value of " + Keys.display(key)
                        + " ends at byte " + (from + filled) + ", before the " + length + " bytes from byte " + from
                        + " that were to be read: it changed since its header was read. List it again.", null));
            } else {
                next();
            }
        });
    }
}
