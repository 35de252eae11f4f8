package dev.tensorlens.redis;

import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.ByteContent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Previews of cached arrays that may be 200 MB, holding in memory only what is shown: the service behind the Data
 * view. {@link #headers} tells what an array holds from the fewest bytes ({@link ArrayHeaders}); {@link #read} gives a
 * page of elements in C order, read by {@code GETRANGE} of just those bytes where Redis allows it (a C-order string),
 * by {@code LRANGE} of just the samples it covers (a list), and otherwise from the value read whole once and kept —
 * one value, the last, dropped as soon as another array is read; {@link #stream} hands every element to a sink chunk by
 * chunk for statistics; {@link #text} pages through what is text.
 *
 * <p>What a header needs to be read again (where a string's data starts, a raw field's spec) is remembered beside it;
 * a header this reader did not give (or forgot, of thousands) is read again first, and a value that no longer has
 * that header fails in words. Everything is decoded on the decoder executor, never on a Lettuce thread. Cancelling a
 * returned future stops the reading behind it after the chunk in flight.
 */
public final class ArrayReader {

    /** Values read whole (a hash field, JSON, a Fortran-order value) at most, by default. */
    public static final long WHOLE_VALUE_MAX_BYTES = 64L << 20;
    /** Headers whose plans are remembered at most; older ones are read again when asked. */
    private static final int MAX_PLANS = 4096;

    /** Receives a stream's bytes: whole elements, in storage order, one chunk at a time on the decoder executor. */
    @FunctionalInterface
    public interface ChunkSink {
        void accept(byte[] bytes, int offset, int length);
    }

    /** Items {@code [from, from + items.size())} of a text array of {@code total} items. */
    public record TextPage(long total, List<String> items) {
        public TextPage {
            items = List.copyOf(items);
        }
    }

    private final RedisSession session;
    private final Executor decoder;
    private final int chunkBytes;
    private final long wholeValueMaxBytes;
    private final ArrayHeaders headerReader;
    private final ListSamples samples;
    private final ValueReader values;
    private final Map<ArrayHeader, ArrayPlan> plans = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ArrayHeader, ArrayPlan> eldest) {
            return size() > MAX_PLANS;
        }
    };
    /** The one value kept whole, the last read; guarded by {@code this}. */
    private WholeValue kept;

    /** @param decoder where bytes are parsed and decoded: a background pool in the app */
    public ArrayReader(RedisSession session, Executor decoder) {
        this(session, decoder, ValueReader.CHUNK_BYTES, WHOLE_VALUE_MAX_BYTES);
    }

    /**
     * @param chunkBytes         bytes per {@code GETRANGE} (and about the bytes of items per {@code LRANGE})
     * @param wholeValueMaxBytes values read whole at most; longer ones are refused with a {@link ValueTooLargeException}
     */
    public ArrayReader(RedisSession session, Executor decoder, int chunkBytes, long wholeValueMaxBytes) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes " + chunkBytes);
        }
        this.session = Objects.requireNonNull(session);
        this.decoder = Objects.requireNonNull(decoder);
        this.chunkBytes = chunkBytes;
        this.wholeValueMaxBytes = wholeValueMaxBytes;
        this.headerReader = new ArrayHeaders(session, decoder, chunkBytes, wholeValueMaxBytes,
                CheckpointReader.HEAD_SCRIPT_MAX_BYTES);
        this.samples = new ListSamples(session, decoder, chunkBytes);
        this.values = new ValueReader(session);
    }

    /**
     * What one cached array holds, from the fewest bytes: {@code STRLEN}/{@code HSTRLEN}/{@code LLEN} and a head read
     * (npy and safetensors headers; the {@code dtype}/{@code shape} siblings of a raw field; a list's first item); a
     * JSON or text value is read whole when at most the limit and decoded to tell its shape (and kept). A safetensors
     * value of several tensors gives one header per tensor (part = its name). What is malformed is
     * {@link ArrayHeader.Kind#UNREADABLE}, its {@code problem} in words; pickles are never run.
     */
    public CompletableFuture<List<ArrayHeader>> headers(CachedArray array) {
        return Futures.map(headerReader.read(array), found -> {
            List<ArrayHeader> headers = new ArrayList<>(found.found().size());
            synchronized (this) {
                synchronized (plans) {
                    found.found().forEach(f -> plans.put(f.header(), f.plan()));
                }
                if (found.whole() != null) {
                    kept = found.whole();
                }
            }
            found.found().forEach(f -> headers.add(f.header()));
            return headers;
        });
    }

    /**
     * Elements {@code [firstElement, firstElement + product(shape))} of a tensor in logical C order, as a C-order
     * tensor of {@code shape} in the header's byte order ({@code {rows, cols}} for a table page, {@code {n, H, W, C}}
     * for n images). A C-order string: exactly those bytes by {@code GETRANGE} in chunks. A list of samples:
     * {@code LRANGE} of the items covering the range, each decoded and checked. Anything else is read whole once
     * (refused with a {@link ValueTooLargeException} over the limit, before reading) and kept while the same array is
     * read again. Cancelling stops the read after the chunk in flight.
     */
    public CompletableFuture<Tensor> read(ArrayHeader header, long firstElement, long[] shape,
                                          TensorLoader.Progress progress) {
        if (header.kind() != ArrayHeader.Kind.TENSOR) {
            return notA("tensor", header);
        }
        long[] wanted = shape.clone();
        long n = Tensor.elementCount(wanted);
        if (n < 0 || firstElement < 0 || firstElement > header.elementCount() - n) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("Elements " + firstElement + " to "
                    + (firstElement + n) + " of " + header.what() + ", which has " + header.elementCount() + "."));
        }
        if (n * header.dtype().size() > Integer.MAX_VALUE - 16) {
            return CompletableFuture.failedFuture(new RedisOperationException("read", n + " elements of "
                    + header.dtype() + " are more than one read can hold (2 GiB); read fewer at a time.", null));
        }
        dropAllBut(header.array());
        return withPlan(header, plan -> switch (plan.source()) {
            case RANGE -> header.fortranOrder() ? fromWhole(header, plan, firstElement, wanted, progress)
                    : range(header, plan, firstElement, wanted, progress);
            case WHOLE -> fromWhole(header, plan, firstElement, wanted, progress);
            case SAMPLES -> samples.read(header, firstElement, wanted, progress);
            default -> notA("tensor", header);
        });
    }

    /**
     * Every element's bytes in storage order (the header's byte order; a list's samples one after the other, each in C
     * order), chunk after chunk of whole elements, the sink called on the decoder executor one chunk at a time, in
     * order: statistics over a 200 MB array in bounded memory (a string is streamed by {@code GETRANGE} whatever its
     * order, with at most two chunks held). Cancelling stops it.
     */
    public CompletableFuture<Void> stream(ArrayHeader header, ChunkSink sink, TensorLoader.Progress progress) {
        if (header.kind() != ArrayHeader.Kind.TENSOR) {
            return notA("tensor", header);
        }
        dropAllBut(header.array());
        int size = header.dtype().size();
        int chunk = Math.max(size, chunkBytes - chunkBytes % size);
        return withPlan(header, plan -> switch (plan.source()) {
            case RANGE -> ChunkStream.run(session, Keys.bytes(header.array().location().key()), plan.dataOffset(),
                    header.dataBytes(), chunk, decoder, sink, done -> progress.bytesRead(done, header.dataBytes()));
            case WHOLE -> {
                CompletableFuture<WholeValue> whole = whole(header, plan, progress);
                CompletableFuture<Void> streamed = new CompletableFuture<>();
                whole.whenCompleteAsync((w, failure) -> {
                    if (failure != null) {
                        streamed.completeExceptionally(RedisErrors.unwrap(failure));
                        return;
                    }
                    try {
                        Tensor t = tensorOf(w, header);
                        long count = t.elementCount();
                        long step = Math.max(1, chunk / t.dtype().size());
                        for (long done = 0; done < count && !streamed.isDone(); done += step) {
                            t.forEachRun(done, Math.min(step, count - done), sink::accept);
                        }
                        streamed.complete(null);
                    } catch (RuntimeException | OutOfMemoryError e) {
                        streamed.completeExceptionally(e);
                    }
                }, decoder);
                Futures.cancelTogether(streamed, whole);
                yield streamed;
            }
            case SAMPLES -> samples.stream(header, sink, progress);
            default -> notA("tensor", header);
        });
    }

    /**
     * Items {@code [from, from + count)} of a text array: a list's elements ({@code LRANGE}; binary ones escaped), a
     * JSON list's items (each as its JSON text, strings unquoted), a text value's lines, or a JSON object
     * pretty-printed, a line an item. A value is read whole once for it, and kept.
     */
    public CompletableFuture<TextPage> text(ArrayHeader header, long from, int count) {
        if (header.kind() != ArrayHeader.Kind.TEXT) {
            return notA("text", header);
        }
        if (from < 0 || count < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("items " + from + " + " + count));
        }
        dropAllBut(header.array());
        return withPlan(header, plan -> switch (plan.source()) {
            case LIST_TEXT -> listText(header, from, count);
            case WHOLE_TEXT -> Futures.mapAsync(whole(header, plan, TensorLoader.Progress.NONE), w -> {
                if (w.text() == null) {
                    throw changed(header);
                }
                return new TextPage(w.text().size(), w.text().page(from, count));
            }, decoder);
            default -> notA("text", header);
        });
    }

    /** Forgets the value kept whole, if any. */
    public synchronized void forget() {
        kept = null;
    }

    private CompletableFuture<TextPage> listText(ArrayHeader header, long from, int count) {
        byte[] key = Keys.bytes(header.array().location().key());
        CompletableFuture<Long> length = session.read("LLEN", c -> c.llen(key));
        CompletableFuture<List<byte[]>> items = count == 0 ? CompletableFuture.completedFuture(List.of())
                : session.read("LRANGE", c -> c.lrange(key, from, from + count - 1));
        CompletableFuture<TextPage> page = CompletableFuture.allOf(length, items).thenApplyAsync(v -> {
            List<String> texts = new ArrayList<>(items.join().size());
            for (byte[] item : items.join()) {
                texts.add(ByteContent.isUtf8(item) ? new String(item, StandardCharsets.UTF_8) : Keys.display(item));
            }
            return new TextPage(length.join(), texts);
        }, decoder);
        Futures.cancelTogether(page, length, items);
        return page;
    }

    private CompletableFuture<Tensor> range(ArrayHeader header, ArrayPlan plan, long first, long[] shape,
                                            TensorLoader.Progress progress) {
        int size = header.dtype().size();
        int length = Math.toIntExact(Tensor.elementCount(shape) * size);
        CompletableFuture<byte[]> bytes = RangeRead.read(session, Keys.bytes(header.array().location().key()),
                plan.dataOffset() + first * size, length, chunkBytes, done -> progress.bytesRead(done, length));
        return Futures.mapAsync(bytes, b -> Tensor.view(header.tensorName(), header.dtype(), shape, header.byteOrder(),
                false, b, 0), decoder);
    }

    private CompletableFuture<Tensor> fromWhole(ArrayHeader header, ArrayPlan plan, long first, long[] shape,
                                                TensorLoader.Progress progress) {
        return Futures.mapAsync(whole(header, plan, progress),
                w -> ElementRange.slice(tensorOf(w, header), header.tensorName(), first, shape), decoder);
    }

    /** The value kept for this array, or the value read whole (within the limit) and kept. */
    private CompletableFuture<WholeValue> whole(ArrayHeader header, ArrayPlan plan, TensorLoader.Progress progress) {
        CachedArray array = header.array();
        synchronized (this) {
            if (kept != null && kept.array().equals(array) && kept.length() == header.valueBytes()) {
                return CompletableFuture.completedFuture(kept);
            }
        }
        long n = header.valueBytes();
        if (n > wholeValueMaxBytes) {
            return CompletableFuture.failedFuture(new ValueTooLargeException(header.what(), n, wholeValueMaxBytes,
                    ValueTooLargeException.Measure.VALUE_LENGTH));
        }
        byte[] key = Keys.bytes(array.location().key());
        CompletableFuture<byte[]> bytes = array.location().hashField().isPresent()
                ? Futures.map(session.read("HGET", c -> c.hget(key, Keys.bytes(array.location().field()))), v -> {
                    progress.bytesRead(v == null ? 0 : v.length, n);
                    return v;
                })
                : values.readString(key, n, chunkBytes, done -> progress.bytesRead(done, n));
        return Futures.mapAsync(bytes, v -> {
            if (v == null || v.length != n) {
                throw changed(header);
            }
            WholeValue w = plan.raw() != null ? WholeValue.raw(array, v, plan.raw())
                    : WholeValue.of(array, v, array.type() == RedisType.HASH ? "hash" : "string");
            synchronized (this) {
                kept = w;
            }
            return w;
        }, decoder);
    }

    private static Tensor tensorOf(WholeValue w, ArrayHeader header) {
        Tensor t = w.tensorOf(header);
        if (t == null) {
            throw changed(header);
        }
        return t;
    }

    /** Runs {@code read} with the header's plan, reading the header again first when it is not remembered. */
    private <T> CompletableFuture<T> withPlan(ArrayHeader header, Function<ArrayPlan, CompletableFuture<T>> read) {
        ArrayPlan plan;
        synchronized (plans) {
            plan = plans.get(header);
        }
        if (plan != null) {
            return start(read, plan);
        }
        return Futures.compose(headers(header.array()), again -> {
            ArrayPlan found;
            synchronized (plans) {
                found = plans.get(header);
            }
            return found == null ? CompletableFuture.failedFuture(changed(header)) : start(read, found);
        });
    }

    private static <T> CompletableFuture<T> start(Function<ArrayPlan, CompletableFuture<T>> read, ArrayPlan plan) {
        try {
            return read.apply(plan);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The value kept is dropped once another array is read: one value held, the one being looked at. */
    private synchronized void dropAllBut(CachedArray array) {
        if (kept != null && !kept.array().equals(array)) {
            kept = null;
        }
    }

    private static RedisOperationException changed(ArrayHeader header) {
        String held = header.kind() == ArrayHeader.Kind.TEXT ? "text of " + header.elementCount() + " items"
                : header.format() + " " + header.dtype() + " " + Tensor.shapeText(header.shape());
        return new RedisOperationException("read", header.what() + " changed since its header was read: it no longer "
                + "holds " + held + ". Read it again.", null);
    }

    private static <T> CompletableFuture<T> notA(String what, ArrayHeader header) {
        return CompletableFuture.failedFuture(new IllegalArgumentException(header.what() + " is not read as " + what
                + ": " + (header.problem() != null ? header.problem() : "it is " + header.kind().name().toLowerCase(Locale.ROOT)
                + ".")));
    }
}
