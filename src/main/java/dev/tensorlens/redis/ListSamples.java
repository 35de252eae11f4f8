package dev.tensorlens.redis;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.Format;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.ValueContext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A Redis list of encoded samples (one npy, or JSON list, per item) read as one batch: only the items a read covers,
 * with {@code LRANGE} a chunk's worth of items at a time, each item decoded on the decoder executor and checked to be
 * like the first (the one the header was read from). A differing item, or a list that shrank, stops the read in words.
 */
final class ListSamples {

    /** Items asked for at most by one {@code LRANGE}, however small they are. */
    private static final int MAX_ITEMS_PER_PAGE = 10_000;

    /** Decoded samples as they come, in order: the index of the first, and the samples. */
    private interface Consumer {
        void accept(long firstItem, List<Tensor> samples);
    }

    private final RedisSession session;
    private final Executor decoder;
    private final int chunkBytes;

    ListSamples(RedisSession session, Executor decoder, int chunkBytes) {
        this.session = session;
        this.decoder = decoder;
        this.chunkBytes = chunkBytes;
    }

    /** Elements {@code [first, first + product(shape))} in C order: LRANGE of just the items covering them. */
    CompletableFuture<Tensor> read(ArrayHeader h, long first, long[] shape, TensorLoader.Progress progress) {
        long n = Tensor.elementCount(shape);
        long perSample = Tensor.elementCount(sampleShape(h));
        int size = h.dtype().size();
        int length = Math.toIntExact(n * size);
        if (n == 0) {
            return CompletableFuture.completedFuture(Tensor.view(h.tensorName(), h.dtype(), shape, h.byteOrder(), false,
                    new byte[0], 0));
        }
        byte[][] into = new byte[1][]; // made by the first page, on the decoder executor, not the caller's thread
        CompletableFuture<Void> walked = walk(h, first / perSample, (first + n - 1) / perSample + 1, (from, samples) -> {
            byte[] out = into[0] != null ? into[0] : (into[0] = new byte[length]);
            for (int k = 0; k < samples.size(); k++) {
                long start = (from + k) * perSample;
                long lo = Math.max(first, start);
                long hi = Math.min(first + n, start + perSample);
                ElementRange.copy(samples.get(k), lo - start, hi - lo, out, Math.toIntExact((lo - first) * size));
            }
        }, progress);
        return Futures.map(walked, v -> Tensor.view(h.tensorName(), h.dtype(), shape, h.byteOrder(), false, into[0], 0));
    }

    /** Every sample's elements, a page of items at a time, one sink call a page, in order. */
    CompletableFuture<Void> stream(ArrayHeader h, ArrayReader.ChunkSink sink, TensorLoader.Progress progress) {
        long perSample = Tensor.elementCount(sampleShape(h));
        int sampleBytes = Math.toIntExact(perSample * h.dtype().size());
        return walk(h, 0, h.shape()[0], (from, samples) -> {
            byte[] chunk = new byte[Math.multiplyExact(sampleBytes, samples.size())];
            for (int k = 0; k < samples.size(); k++) {
                ElementRange.copy(samples.get(k), 0, perSample, chunk, k * sampleBytes);
            }
            sink.accept(chunk, 0, chunk.length);
        }, progress);
    }

    private CompletableFuture<Void> walk(ArrayHeader h, long fromItem, long toItem, Consumer consumer,
                                         TensorLoader.Progress progress) {
        long itemBytes = Math.max(1, h.valueBytes() / Math.max(1, h.shape()[0]));
        int perPage = (int) Math.max(1, Math.min(MAX_ITEMS_PER_PAGE, chunkBytes / itemBytes));
        Walk walk = new Walk(h, Keys.bytes(h.array().location().key()), toItem, perPage, consumer, progress,
                (toItem - fromItem) * itemBytes);
        walk.result.whenComplete((v, e) -> {
            CompletableFuture<?> page = walk.inFlight;
            if (walk.result.isCancelled() && page != null) {
                page.cancel(true);
            }
        });
        walk.next(fromItem);
        return walk.result;
    }

    /** One walk over items {@code [from, to)}: a page in flight at a time. */
    private final class Walk {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        final ArrayHeader header;
        final byte[] key;
        final long to;
        final int perPage;
        final Consumer consumer;
        final TensorLoader.Progress progress;
        final long total;
        volatile CompletableFuture<?> inFlight;
        long bytesRead;

        Walk(ArrayHeader header, byte[] key, long to, int perPage, Consumer consumer, TensorLoader.Progress progress,
             long total) {
            this.header = header;
            this.key = key;
            this.to = to;
            this.perPage = perPage;
            this.consumer = consumer;
            this.progress = progress;
            this.total = total;
        }

        void next(long from) {
            if (result.isDone()) {
                return; // cancelled
            }
            if (from >= to) {
                result.complete(null);
                return;
            }
            long end = Math.min(to, from + perPage) - 1;
            CompletableFuture<List<byte[]>> page = session.read("LRANGE", c -> c.lrange(key, from, end));
            inFlight = page;
            page.whenCompleteAsync((items, failure) -> {
                if (result.isDone()) {
                    return;
                }
                if (failure != null) {
                    result.completeExceptionally(RedisErrors.unwrap(failure));
                    return;
                }
                try {
                    if (items.size() < end - from + 1) {
                        throw new RedisOperationException("LRANGE", "The list " + header.array().location().key()
                                + " has no item " + (from + items.size()) + " any more: it changed since its header "
                                + "was read. Read it again.", null);
                    }
                    List<Tensor> samples = new ArrayList<>(items.size());
                    for (int k = 0; k < items.size(); k++) {
                        samples.add(sample(header, from + k, items.get(k)));
                        bytesRead += items.get(k).length;
                    }
                    consumer.accept(from, samples);
                    progress.bytesRead(bytesRead, Math.max(total, bytesRead));
                } catch (RuntimeException | OutOfMemoryError e) {
                    result.completeExceptionally(e);
                    return;
                }
                next(end + 1);
            }, decoder);
        }
    }

    /** One item decoded, or the read stopped in words when it is not a sample like the first. */
    private static Tensor sample(ArrayHeader h, long index, byte[] item) {
        String key = h.array().location().key();
        DecodeResult r = Sniffer.decode(item, new ValueContext(key, "list", null, null));
        long[] shape = sampleShape(h);
        String first = h.format() + " " + h.dtype() + " " + Tensor.shapeText(shape);
        if (r instanceof DecodeResult.Decoded d && d.tensors().size() == 1) {
            Tensor t = asSample(d.format(), d.tensors().get(0));
            if (t.dtype() == h.dtype() && Arrays.equals(t.shape(), shape) && t.byteOrder().equals(h.byteOrder())) {
                return t;
            }
            throw new RedisOperationException("LRANGE", "Item " + index + " of the list " + key + " is " + d.format()
                    + " " + t.dtype() + " " + Tensor.shapeText(t.shape()) + (t.byteOrder().equals(h.byteOrder()) ? ""
                    : " " + t.byteOrder()) + ", unlike its first item (" + first + "): the samples of a batch must "
                    + "be alike, so this read stops here.", null);
        }
        String what = r instanceof DecodeResult.Malformed m ? "not a valid " + m.format() + " value (at byte "
                + m.offset() + ", " + m.reason() + ")"
                : r instanceof DecodeResult.Opaque o ? o.description() : "several tensors";
        throw new RedisOperationException("LRANGE", "Item " + index + " of the list " + key + " is " + what
                + ", unlike its first item (" + first + "), so this read stops here.", null);
    }

    /**
     * A decoded item as a sample: JSON numbers are float64 whatever the item, since JSON tells an integer from a float
     * only by how it is written ({@code [0, 1]} then {@code [0.5, 1]} are samples of one batch).
     */
    static Tensor asSample(String format, Tensor t) {
        if (!format.equals(Format.JSON.id()) || t.dtype() != DType.INT64) {
            return t;
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(t.elementCount() * 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < t.elementCount(); i++) {
            out.putDouble(t.getDouble(i));
        }
        return Tensor.view(t.name(), DType.FLOAT64, t.shape(), out.array(), 0);
    }

    private static long[] sampleShape(ArrayHeader h) {
        long[] shape = h.shape();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }
}
