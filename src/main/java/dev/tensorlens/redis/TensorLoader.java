package dev.tensorlens.redis;

import dev.tensorlens.mlstate.HashFieldTensors;
import dev.tensorlens.mlstate.LayoutRecognizer;
import dev.tensorlens.mlstate.TensorRef;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.codec.RedisAiCodec;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.ValueContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The one place that reads tensors: given where a tensor is (a key, a hash field and its {@code dtype}/{@code shape}
 * siblings, a RedisAI key), it measures first, refuses what is larger than the caller allows before reading any of
 * it, reads big strings in chunks with progress, and decodes on the decoder executor (never on a Lettuce thread).
 * Every future cancels its Redis commands when cancelled. Through a cluster session every command follows the
 * cluster's redirections, whichever node the user named.
 */
public final class TensorLoader {

    /** How far a read has come: {@code total} is the measured size. */
    @FunctionalInterface
    public interface Progress {
        void bytesRead(long done, long total);

        Progress NONE = (done, total) -> { };
    }

    /** Fields read at most from one hash when it is loaded whole. */
    public static final int MAX_HASH_FIELDS = 10_000;

    private final RedisSession session;
    private final ValueReader reader;
    private final Executor decoder;
    private final int chunkBytes;

    /** @param decoder where bytes become tensors: a background pool in the app, the caller's thread in the CLI */
    public TensorLoader(RedisSession session, Executor decoder) {
        this(session, decoder, ValueReader.CHUNK_BYTES);
    }

    /** @param chunkBytes bytes per {@code GETRANGE}: smaller chunks report progress more often and stop sooner */
    public TensorLoader(RedisSession session, Executor decoder, int chunkBytes) {
        this.session = Objects.requireNonNull(session);
        this.reader = new ValueReader(session);
        this.decoder = Objects.requireNonNull(decoder);
        this.chunkBytes = chunkBytes;
    }

    /** What the catalogue points at: a whole key, or one field of a hash with its sibling metadata. */
    public CompletableFuture<TensorLoad> load(TensorRef ref, long maxBytes, Progress progress) {
        byte[] key = Keys.bytes(ref.key());
        return ref.hashField().isPresent()
                ? loadField(key, ref.field(), maxBytes, progress)
                : loadKey(key, maxBytes, progress);
    }

    /**
     * Whatever one key holds: a string is read and decoded; a hash has each of its tensor fields decoded (the
     * recogniser tells tensor fields from their {@code dtype}/{@code shape} fields); a RedisAI tensor is fetched with
     * {@code AI.TENSORGET}; other types hold no tensor value. Fails when the key does not exist.
     */
    public CompletableFuture<TensorLoad> loadKey(byte[] key, long maxBytes, Progress progress) {
        String name = Keys.display(key);
        CompletableFuture<KeyInfo> info = reader.describe(key);
        CompletableFuture<TensorLoad> loaded = info.thenCompose(i -> switch (i.type()) {
            case "none" -> CompletableFuture.failedFuture(
                    new RedisOperationException("read", "The key " + name + " does not exist.", null));
            case "string" -> readString(key, name, i.size(), maxBytes, progress);
            case "hash" -> readWholeHash(key, name, i, maxBytes);
            case "AI_TENSOR" -> decodeAsync(reader.readRedisAiTensor(key), RedisAiCodec::decode)
                    .thenApply(r -> new TensorLoad(i.type(), 0, List.of(new TensorLoad.Part(null, r)), null));
            default -> CompletableFuture.completedFuture(new TensorLoad(i.type(), 0, List.of(),
                    "A " + i.type() + " holds members, not a tensor value."));
        });
        Futures.cancelTogether(loaded, info);
        return loaded;
    }

    /** One field of a hash, decoded with its own or the hash's {@code dtype}/{@code shape} fields. */
    public CompletableFuture<TensorLoad> loadField(byte[] key, String field, long maxBytes, Progress progress) {
        String name = Keys.display(key) + " field " + field;
        byte[] fieldBytes = Keys.bytes(field);
        CompletableFuture<Long> length = reader.hashFieldLength(key, fieldBytes);
        CompletableFuture<byte[]> value = length.thenCompose(n -> {
            if (n > maxBytes) {
                return CompletableFuture.failedFuture(new ValueTooLargeException(name, n, maxBytes, "."));
            }
            return reader.readHashField(key, fieldBytes);
        });
        CompletableFuture<TensorLoad> loaded = value.thenCompose(v -> {
            if (v == null) {
                return CompletableFuture.failedFuture(new RedisOperationException("HGET",
                        "The hash " + Keys.display(key) + " has no field " + field + ".", null));
            }
            progress.bytesRead(v.length, v.length);
            return decodeField(key, field, v).thenApply(r ->
                    new TensorLoad("hash", v.length, List.of(new TensorLoad.Part(field, r)), null));
        });
        Futures.cancelTogether(loaded, length, value);
        return loaded;
    }

    /**
     * A hash field whose value the caller already holds (a page of {@code HSCAN} brought it): reads only the field's
     * {@code dtype}/{@code shape} siblings, then decodes.
     */
    public CompletableFuture<DecodeResult> decodeField(byte[] key, String field, byte[] value) {
        String keyText = Keys.display(key);
        CompletableFuture<Map<String, byte[]>> siblings = reader.readHashFields(key, HashFieldTensors.siblingNames(field));
        CompletableFuture<DecodeResult> decoded = siblings.thenApplyAsync(found -> Sniffer.decode(value,
                new ValueContext(keyText, "hash", HashFieldTensors.siblingsOf(field, found), List.of())), decoder);
        Futures.cancelTogether(decoded, siblings);
        return decoded;
    }

    private CompletableFuture<TensorLoad> readString(byte[] key, String name, long size, long maxBytes,
                                                     Progress progress) {
        if (size > maxBytes) {
            return CompletableFuture.failedFuture(new ValueTooLargeException(name, size, maxBytes, "."));
        }
        CompletableFuture<byte[]> bytes = reader.readString(key, size, chunkBytes, done -> progress.bytesRead(done, size));
        return decodeAsync(bytes, v -> Sniffer.decode(v, ValueContext.ofKey(name)))
                .thenApply(r -> new TensorLoad("string", size, List.of(new TensorLoad.Part(null, r)), null));
    }

    /**
     * Every tensor field of a hash, each decoded with its own metadata as context. Refused (before reading) when the
     * hash takes more server memory than {@code maxBytes} or has more than {@link #MAX_HASH_FIELDS} fields.
     */
    private CompletableFuture<TensorLoad> readWholeHash(byte[] key, String name, KeyInfo info, long maxBytes) {
        if (info.memoryBytes() > maxBytes) {
            return CompletableFuture.failedFuture(new ValueTooLargeException(name, info.memoryBytes(), maxBytes,
                    " (server memory); read one field at a time."));
        }
        CompletableFuture<Map<String, byte[]>> fields = reader.readHash(key, info.size(), MAX_HASH_FIELDS);
        return decodeAsync(fields, all -> decodeFields(name, all));
    }

    private static TensorLoad decodeFields(String keyText, Map<String, byte[]> fields) {
        List<TensorLoad.Part> parts = new ArrayList<>();
        long bytes = 0;
        for (byte[] v : fields.values()) {
            bytes += v.length;
        }
        for (TensorRef ref : LayoutRecognizer.tensorsOfHash(keyText, fields.keySet())) {
            Map<String, byte[]> siblings = new LinkedHashMap<>(fields); // Feast rows are known by their _ts: fields
            siblings.remove(ref.field());
            if (ref.dtypeField() != null) {
                siblings.put("dtype", fields.get(ref.dtypeField()));
                siblings.put("shape", fields.get(ref.shapeField()));
            } else {
                HashFieldTensors.METADATA_FIELDS.forEach(siblings::remove);
            }
            parts.add(new TensorLoad.Part(ref.field(), Sniffer.decode(fields.get(ref.field()),
                    new ValueContext(keyText, "hash", siblings, List.of()))));
        }
        return new TensorLoad("hash", bytes, parts, null);
    }

    private <T, R> CompletableFuture<R> decodeAsync(CompletableFuture<T> read, Function<T, R> decode) {
        CompletableFuture<R> decoded = read.thenApplyAsync(decode, decoder);
        Futures.cancelTogether(decoded, read);
        return decoded;
    }
}
