package dev.tensorlens.redis;

import dev.tensorlens.mlstate.CheckpointContents;
import dev.tensorlens.mlstate.LayerInfo;
import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelVersion;
import dev.tensorlens.mlstate.TensorRef;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.ByteContent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a model checkpoint holds, read from its values' headers alone, and the values of one layer when they are
 * wanted: the service behind the Models view and {@code tensorlens models}.
 *
 * <p><b>{@link #contents}</b> reads, for every tensor location of a version, the fewest bytes that tell its dtype and
 * shape; every first command of a version is sent at once (Lettuce pipelines them on the one connection), and the
 * bytes are parsed on the decoder executor:
 * <ul>
 *   <li>a string: {@code STRLEN} and {@code GETRANGE 0 4095} together; an {@code .npy} header or a safetensors
 *       header longer than that is read with one more {@code GETRANGE} of exactly its length, once that length is
 *       checked against the value and the format's limit (numpy's 10,000 characters, safetensors' 100,000,000
 *       bytes). A safetensors blob gives one layer per tensor, in the order their data is stored, each with the
 *       offset of its bytes in the value;</li>
 *   <li>a raw {@code tobytes()} hash field: {@code HSTRLEN} and {@code HMGET} of its {@code dtype}/{@code shape}
 *       siblings;</li>
 *   <li>any other hash field ({@code .npy} in a checkpoint hash): Redis has no range read of a hash field, so
 *       {@code HSTRLEN} and an {@code EVAL} of a three-line Lua script that returns
 *       {@code string.sub(HGET(key, field), 1, n)}, after {@code HSTRLEN}: the header travels, the value does not. The
 *       server copies the whole field into Lua for it, about 1 ms of its time per 100 KB (measured on a busy 2-vCPU
 *       host: 9.4 MB ≈ 110 ms, 94 MB ≈ 1.1 s), during which it serves nobody else; so only fields of at most
 *       {@value #HEAD_SCRIPT_MAX_BYTES} bytes are read so, the scripts sent at a time copy at most that much
 *       together ({@link ScriptGate}), and longer fields are listed unreadable, saying why. When the server refuses
 *       scripts — an ACL user without {@code +eval}, {@code EVAL} renamed away, scripting disabled — that is learnt
 *       once per reader, and a field of at most {@value #WHOLE_VALUE_MAX_BYTES} bytes is read whole with
 *       {@code HGET} instead; a bigger one is listed unreadable, saying so. ({@link #load} reads any of them whole,
 *       within its limit.)</li>
 *   <li>a JSON dict field (the redis-py {@code model_params} hash): {@code HSTRLEN}, then a whole {@code HGET} of up
 *       to {@link dev.tensorlens.tensor.codec.JsonCodec#MAX_JSON_BYTES} and a decode: one layer per array, named
 *       {@code layer1.weights} (part {@code weights});</li>
 *   <li>values with no header (JSON, npz, pickles, text): decoded whole up to {@value #WHOLE_VALUE_MAX_BYTES} bytes,
 *       beyond that named by their first bytes and listed unreadable.</li>
 * </ul>
 * A header that cannot be read is a layer {@link LayerInfo#unreadable unreadable} with the reason in words, never an
 * exception; so is a command the server refuses for one key. A key or field removed since the listing gives a layer
 * of format {@value #MISSING} that says so (a version whose keys are all gone has format {@value #MISSING}). A
 * connection that fails fails the future. Through a cluster session every command follows the cluster's
 * redirections. Cancelling a future cancels every command behind it.
 *
 * <p><b>{@link #load}</b> reads the values of one layer: a tensor of a safetensors string with {@code GETRANGE} of
 * exactly its bytes (in chunks, with progress, cancellable), anything else through the {@link TensorLoader}.
 */
public final class CheckpointReader {

    /** Bytes read from the start of every string value (and hash field) to find its header: RedisInsight's preview. */
    public static final int HEAD_BYTES = 4096;
    /**
     * Values with no header of their own (JSON, npz, …), and hash fields when the server runs no scripts, are read
     * whole for the table up to this many bytes.
     */
    public static final int WHOLE_VALUE_MAX_BYTES = 1 << 20;
    /**
     * Hash fields up to this long have their header read by a script on the server; it copies the whole field into
     * Lua, about 1 ms of the server's time per 100 KB, so longer fields are not read for the table (and the fields
     * such scripts copy at a time add up to at most this).
     */
    public static final int HEAD_SCRIPT_MAX_BYTES = 16 << 20;
    /** The {@link LayerInfo#format()} of a layer whose key or field was removed after the listing. */
    public static final String MISSING = CheckpointHeaders.MISSING;

    private final RedisSession session;
    private final Executor decoder;
    private final TensorLoader loader;
    private final int chunkBytes;
    private final CheckpointHeaders headers;

    /** @param decoder where bytes are parsed and decoded: a background pool in the app, the caller's thread in the CLI */
    /** Header reads by (layout, where the value is), kept until their key is written, when {@link #remembering}. */
    private final Map<List<Object>, CheckpointHeaders.Read> headersRead = new ConcurrentHashMap<>();
    private volatile boolean remembers;
    /** How often each key was forgotten, and everything: a header read across a forget is not remembered. */
    private final Map<String, AtomicLong> forgotten = new ConcurrentHashMap<>();
    private final AtomicLong allForgotten = new AtomicLong();

    /** How many forgets a key has been through (its own and everything's): equal stamps, nothing forgotten between. */
    private record Stamp(long all, long key) {
    }

    private Stamp writes(String key) {
        AtomicLong n = forgotten.get(key);
        return new Stamp(allForgotten.get(), n == null ? 0 : n.get());
    }

    public CheckpointReader(RedisSession session, Executor decoder) {
        this(session, decoder, ValueReader.CHUNK_BYTES);
    }

    /** @param chunkBytes bytes per {@code GETRANGE} when a layer is loaded */
    public CheckpointReader(RedisSession session, Executor decoder, int chunkBytes) {
        this(session, decoder, chunkBytes, WHOLE_VALUE_MAX_BYTES, HEAD_SCRIPT_MAX_BYTES);
    }

    CheckpointReader(RedisSession session, Executor decoder, int chunkBytes, long wholeValueMaxBytes,
                     long headScriptMaxBytes) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes " + chunkBytes);
        }
        this.session = Objects.requireNonNull(session);
        this.decoder = Objects.requireNonNull(decoder);
        this.loader = new TensorLoader(session, decoder, chunkBytes);
        this.chunkBytes = chunkBytes;
        this.headers = new CheckpointHeaders(session, decoder, HEAD_BYTES, wholeValueMaxBytes, headScriptMaxBytes);
    }

    /**
     * The layers of one version from their headers, in the order the catalogue lists its tensors (a hash's fields in
     * natural order, the keys of a version by name), the tensors of a safetensors blob in the order their data is
     * stored. {@link CheckpointContents#bytes()} is the length of every value read, a blob counted once.
     */
    public CompletableFuture<CheckpointContents> contents(ModelEntry model, ModelVersion version) {
        CheckpointHeaders.Batch batch = new CheckpointHeaders.Batch();
        List<CompletableFuture<CheckpointHeaders.Read>> reads = new ArrayList<>(version.tensors().size());
        for (TensorRef ref : version.tensors()) {
            List<Object> id = List.of(model.layout(), ref);
            CheckpointHeaders.Read known = remembers ? headersRead.get(id) : null;
            Stamp asOf = writes(ref.key());
            reads.add(known != null ? CompletableFuture.completedFuture(known)
                    : headers.read(batch, model, ref).thenApply(read -> remember(id, ref.key(), asOf, read)));
        }
        CompletableFuture<CheckpointContents> result = CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                .handle((v, failure) -> {
                    if (failure != null) {
                        throw RedisErrors.wrap("Reading the tensors of " + model.name() + " " + version.version(), failure);
                    }
                    List<LayerInfo> layers = new ArrayList<>();
                    Set<List<String>> counted = new HashSet<>();
                    long bytes = 0;
                    for (int i = 0; i < reads.size(); i++) {
                        CheckpointHeaders.Read read = reads.get(i).join();
                        layers.addAll(read.layers());
                        TensorRef ref = version.tensors().get(i);
                        if (counted.add(Arrays.asList(ref.key(), ref.field()))) {
                            bytes += read.valueBytes();
                        }
                    }
                    return new CheckpointContents(model, version, layers, bytes);
                });
        result.whenComplete((c, e) -> {
            if (result.isCancelled()) {
                batch.cancel();
            }
        });
        return result;
    }

    /** A header read is kept until its key is written ({@link #forget}); one of a value that went is not. */
    private CheckpointHeaders.Read remember(List<Object> id, String key, Stamp asOf, CheckpointHeaders.Read read) {
        // a read that started before its key was forgotten may hold the old header: used once, not remembered
        if (remembers && writes(key).equals(asOf) && read.layers().stream().noneMatch(l -> MISSING.equals(l.format()))) {
            headersRead.put(id, read);
        }
        return read;
    }

    /**
     * From now on keeps each header it reads until {@link #forget} names its key (or {@link #forgetAll}): for a view
     * that follows keyspace events, so a version listed again costs nothing but its rewritten keys. Without events to
     * say what changed, a reader should not remember (a header could go stale); by default it does not.
     */
    public CheckpointReader remembering() {
        remembers = true;
        return this;
    }

    /**
     * Forgets the headers read from these keys (written or removed meanwhile: keyspace events say which), so the
     * next {@link #contents} reads them again and nothing else: a version whose one tensor was rewritten costs one
     * header read, not one per tensor.
     */
    public void forget(Collection<String> keys) {
        Set<String> gone = Set.copyOf(keys);
        gone.forEach(k -> forgotten.computeIfAbsent(k, x -> new AtomicLong()).incrementAndGet());
        headersRead.keySet().removeIf(id -> gone.contains(((TensorRef) id.get(1)).key()));
    }

    /** Forgets every header read: the next {@link #contents} reads them all again (F5). */
    public void forgetAll() {
        allForgotten.incrementAndGet();
        headersRead.clear();
    }

    /** {@link #contents} of every version of a model, oldest first, read at the same time. */
    public CompletableFuture<List<CheckpointContents>> contentsOf(ModelEntry model) {
        List<CompletableFuture<CheckpointContents>> each = model.versions().stream()
                .map(v -> contents(model, v)).toList();
        CompletableFuture<?>[] all = each.toArray(CompletableFuture[]::new);
        CompletableFuture<List<CheckpointContents>> result = CompletableFuture.allOf(all)
                .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
        Futures.cancelTogether(result, all);
        return result;
    }

    /**
     * The values of one layer, as a tensor named after it. A tensor of a safetensors string ({@code dataOffset ≥ 0}) is
     * read with {@code GETRANGE} of exactly its bytes, in chunks with progress, and viewed little-endian in C order;
     * anything else is read by the {@link TensorLoader} (sized first, chunked, decoded on the decoder executor) and the
     * layer's part picked by name. Fails with a {@link ValueTooLargeException} before reading when the bytes to read
     * are more than {@code maxBytes}; with a {@link RedisOperationException} whose message is a sentence (the format,
     * the byte offset and the reason) when the value is in no tensor format or does not decode. Cancelling the future
     * stops the read after the chunk in flight.
     */
    public CompletableFuture<Tensor> load(LayerInfo layer, long maxBytes, TensorLoader.Progress progress) {
        TensorRef ref = layer.source();
        if (layer.dataOffset() >= 0 && ref.hashField().isEmpty() && layer.readable()) {
            return loadRange(layer, maxBytes, progress);
        }
        return Futures.map(loader.load(ref, maxBytes, progress), load -> pick(layer, load));
    }

    private CompletableFuture<Tensor> loadRange(LayerInfo layer, long maxBytes, TensorLoader.Progress progress) {
        String what = layer.source().key() + " tensor " + layer.part();
        long bytes = layer.bytes();
        long needed = Tensor.elementCount(layer.shape()) * layer.dtype().size();
        if (bytes != needed || bytes < 0) {
            return CompletableFuture.failedFuture(new RedisOperationException("load", "The layer " + layer.name()
                    + " says " + bytes + " bytes, but " + layer.dtype() + " " + Tensor.shapeText(layer.shape())
                    + " needs " + needed + ".", null));
        }
        if (bytes > maxBytes) {
            return CompletableFuture.failedFuture(new ValueTooLargeException(what, bytes, maxBytes,
                    ValueTooLargeException.Measure.VALUE_LENGTH));
        }
        if (bytes > Integer.MAX_VALUE - 16) {
            return CompletableFuture.failedFuture(new RedisOperationException("GETRANGE", what + " is " + bytes
                    + " bytes, more than one read can hold (2 GiB).", null));
        }
        CompletableFuture<byte[]> read = RangeRead.read(session, Keys.bytes(layer.source().key()), layer.dataOffset(),
                (int) bytes, chunkBytes, done -> progress.bytesRead(done, bytes));
        if (bytes == 0) {
            progress.bytesRead(0, 0);
        }
        CompletableFuture<Tensor> tensor = read.thenApplyAsync(
                data -> Tensor.view(layer.name(), layer.dtype(), layer.shape(), data, 0), decoder);
        Futures.cancelTogether(tensor, read);
        return tensor;
    }

    /** The layer's tensor among what the loader decoded, or why there is none, in one sentence. */
    private static Tensor pick(LayerInfo layer, TensorLoad load) {
        TensorRef ref = layer.source();
        String what = ref.hashField().map(f -> ref.key() + " field " + f).orElse(ref.key());
        if (load.parts().isEmpty()) {
            throw new RedisOperationException("load", load.note() != null ? load.note()
                    : what + " holds no tensor.", null);
        }
        TensorLoad.Part part = load.parts().get(0);
        DecodeResult result = part.result();
        if (result instanceof DecodeResult.Decoded d) {
            if (layer.part() == null) {
                return d.tensors().get(0).withName(layer.name());
            }
            for (Tensor t : d.tensors()) {
                if (t.name().equals(layer.part())) {
                    return t.withName(layer.name());
                }
            }
            throw new RedisOperationException("load", what + " holds no tensor named " + layer.part() + " any more "
                    + "(it holds " + String.join(", ", d.tensors().stream().map(Tensor::name).toList())
                    + "): it changed since its header was read. List it again.", null);
        }
        if (result instanceof DecodeResult.Opaque o) {
            throw new RedisOperationException("load", what + " holds " + o.description()
                    + (o.details().isEmpty() ? "" : " (" + String.join("; ", o.details()) + ")") + ".", null);
        }
        DecodeResult.Malformed m = (DecodeResult.Malformed) result;
        if (part.content() != null || ByteContent.isUnrecognised(m)) {
            throw new RedisOperationException("load", part.content() != null ? part.content().notATensor(what)
                    : what + " is in no tensor format: " + m.reason() + ".", null);
        }
        throw new RedisOperationException("load", what + " is not a valid " + m.format() + " value: at byte "
                + m.offset() + ", " + m.reason() + ".", null);
    }
}
