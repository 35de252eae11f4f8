package dev.tensorlens.redis;

import dev.tensorlens.mlstate.HashFieldTensors;
import dev.tensorlens.mlstate.LayoutRecognizer;
import dev.tensorlens.mlstate.TensorRef;
import dev.tensorlens.tensor.ChunkedBytes;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.codec.ByteContent;
import dev.tensorlens.tensor.codec.RedisAiCodec;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.ValueContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The one place that reads tensors: given where a tensor is (a key, a hash field and its {@code dtype}/{@code shape}
 * siblings, a RedisAI key), it measures first, refuses what is larger than the caller allows before reading any of
 * it, reads big strings in chunks with progress, and decodes on the decoder executor (never on a Lettuce thread).
 * Cancelling a future it returned stops the reading behind it, whatever step it is at (a chunked read stops after
 * the chunk in flight). What is missing, of another type or in no tensor format is said in words. Through a cluster
 * session every command follows the cluster's redirections, whichever node the user named.
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
     * {@code AI.TENSORGET}; other types hold no tensor value. Fails when the key does not exist, and with a
     * {@link ValueTooLargeException} when a string is longer, or a hash takes more server memory, than
     * {@code maxBytes}.
     */
    public CompletableFuture<TensorLoad> loadKey(byte[] key, long maxBytes, Progress progress) {
        String name = Keys.display(key);
        return Futures.compose(reader.describe(key), i -> switch (i.type()) {
            case "none" -> CompletableFuture.failedFuture(doesNotExist(name));
            case "string" -> readString(key, name, i.size(), maxBytes, progress);
            case "hash" -> readWholeHash(key, name, i, maxBytes);
            case "AI_TENSOR" -> Futures.map(decodeAsync(reader.readRedisAiTensor(key), RedisAiCodec::decode),
                    r -> new TensorLoad(i.type(), 0, List.of(new TensorLoad.Part(null, r, null)), null));
            default -> CompletableFuture.completedFuture(new TensorLoad(i.type(), 0, List.of(),
                    "A " + i.type() + " holds members, not a tensor value."));
        });
    }

    /**
     * One field of a hash, decoded with its own or the hash's {@code dtype}/{@code shape} fields. Fails, saying
     * which, when the key does not exist, is not a hash, or has no such field; with a {@link ValueTooLargeException}
     * when the field is longer than {@code maxBytes}.
     */
    public CompletableFuture<TensorLoad> loadField(byte[] key, String field, long maxBytes, Progress progress) {
        String keyText = Keys.display(key);
        byte[] fieldBytes = Keys.bytes(field);
        // sent together: the type tells a missing key and a key of another type from a missing field, at no cost
        // of a round trip (HSTRLEN alone answers 0 for all three, or WRONGTYPE)
        CompletableFuture<String> type = reader.type(key);
        CompletableFuture<Long> length = reader.hashFieldLength(key, fieldBytes);
        CompletableFuture<Long> measured = Futures.compose(type, t -> switch (t) {
            case "hash" -> length;
            case "none" -> CompletableFuture.failedFuture(doesNotExist(keyText));
            default -> CompletableFuture.failedFuture(new RedisOperationException("HSTRLEN",
                    "The key " + keyText + " is a " + t + ", not a hash, so it has no field " + field + ".", null));
        });
        CompletableFuture<byte[]> value = Futures.compose(measured, n -> n > maxBytes
                ? CompletableFuture.failedFuture(new ValueTooLargeException(keyText + " field " + field, n, maxBytes,
                        ValueTooLargeException.Measure.VALUE_LENGTH))
                : reader.readHashField(key, fieldBytes));
        return Futures.compose(value, v -> {
            if (v == null) {
                return CompletableFuture.failedFuture(new RedisOperationException("HGET",
                        "The hash " + keyText + " has no field " + field + ".", null));
            }
            progress.bytesRead(v.length, v.length);
            return Futures.map(fieldPart(key, field, v), part -> new TensorLoad("hash", v.length, List.of(part), null));
        });
    }

    /**
     * A hash field whose value the caller already holds (a page of {@code HSCAN} brought it): reads only the field's
     * {@code dtype}/{@code shape} siblings, then decodes.
     */
    public CompletableFuture<DecodeResult> decodeField(byte[] key, String field, byte[] value) {
        return Futures.map(fieldPart(key, field, value), TensorLoad.Part::result);
    }

    private CompletableFuture<TensorLoad.Part> fieldPart(byte[] key, String field, byte[] value) {
        String keyText = Keys.display(key);
        CompletableFuture<Map<String, byte[]>> siblings = reader.readHashFields(key, HashFieldTensors.siblingNames(field));
        return decodeAsync(siblings, found -> part(field, value, Sniffer.decode(value,
                new ValueContext(keyText, "hash", HashFieldTensors.siblingsOf(field, found), List.of()))));
    }

    /**
     * The bytes of a string value the caller has measured ({@code size}, from a describe it showed the user), read
     * in chunks with progress, not decoded: for views that show the bytes themselves (text, hex) beside the tensors
     * they decode from them. The caller has asked the user before reading a big one.
     */
    public CompletableFuture<byte[]> readBytes(byte[] key, long size, Progress progress) {
        return reader.readString(key, size, chunkBytes, done -> progress.bytesRead(done, size));
    }

    /**
     * {@link #readBytes} into chunks of a few MB rather than one array (see {@link ChunkedBytes}): for a view that may
     * be asked to read a value of hundreds of MB.
     */
    public CompletableFuture<ChunkedBytes> readChunked(byte[] key, long size, Progress progress) {
        return reader.readStringChunked(key, size, chunkBytes, done -> progress.bytesRead(done, size));
    }

    private CompletableFuture<TensorLoad> readString(byte[] key, String name, long size, long maxBytes,
                                                     Progress progress) {
        if (size > maxBytes) {
            return CompletableFuture.failedFuture(new ValueTooLargeException(name, size, maxBytes,
                    ValueTooLargeException.Measure.VALUE_LENGTH));
        }
        // in chunks of a few MB: a layer of hundreds of MB in one array would hold every thread while it is zeroed
        CompletableFuture<ChunkedBytes> bytes = readChunked(key, size, progress);
        return decodeAsync(bytes, v -> {
            ValueContext context = ValueContext.ofKey(name);
            Optional<DecodeResult> inPlace = Sniffer.decodeInPlace(v, context);
            if (inPlace.isPresent()) { // a tensor, viewed in the chunks
                return new TensorLoad("string", v.length(), List.of(new TensorLoad.Part(null, inPlace.get(), null)),
                        null);
            }
            byte[] whole = v.toArray(); // at most once: the decoder and the words for what is no tensor share it
            return new TensorLoad("string", whole.length, List.of(part(null, whole, Sniffer.decode(whole, context))),
                    null);
        });
    }

    /**
     * Every tensor field of a hash, each decoded with its own metadata as context. Refused (before reading) when the
     * hash takes more server memory than {@code maxBytes} or has more than {@link #MAX_HASH_FIELDS} fields.
     */
    private CompletableFuture<TensorLoad> readWholeHash(byte[] key, String name, KeyInfo info, long maxBytes) {
        if (info.memoryBytes() > maxBytes) {
            return CompletableFuture.failedFuture(new ValueTooLargeException(name, info.memoryBytes(), maxBytes,
                    ValueTooLargeException.Measure.SERVER_MEMORY));
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
            byte[] value = fields.get(ref.field());
            parts.add(part(ref.field(), value, Sniffer.decode(value, new ValueContext(keyText, "hash", siblings, List.of()))));
        }
        return new TensorLoad("hash", bytes, parts, null);
    }

    /** A decoded value, described in words too when it is in no tensor format (plain text, other bytes). */
    private static TensorLoad.Part part(String field, byte[] value, DecodeResult result) {
        return new TensorLoad.Part(field, result, ByteContent.isUnrecognised(result) ? ByteContent.of(value) : null);
    }

    private static RedisOperationException doesNotExist(String keyText) {
        return new RedisOperationException("read", "The key " + keyText + " does not exist.", null);
    }

    private <T, R> CompletableFuture<R> decodeAsync(CompletableFuture<T> read, Function<T, R> decode) {
        CompletableFuture<R> decoded = read.thenApplyAsync(decode, decoder);
        Futures.cancelTogether(decoded, read);
        return decoded;
    }
}
