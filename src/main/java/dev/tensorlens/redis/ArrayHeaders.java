package dev.tensorlens.redis;

import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.mlstate.TensorEncoding;
import dev.tensorlens.mlstate.TensorRef;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.ByteContent;
import dev.tensorlens.tensor.codec.Format;
import dev.tensorlens.tensor.codec.HeaderRead;
import dev.tensorlens.tensor.codec.NpyCodec;
import dev.tensorlens.tensor.codec.RawCodec;
import dev.tensorlens.tensor.codec.RawSpec;
import dev.tensorlens.tensor.codec.SafetensorsCodec;
import dev.tensorlens.tensor.codec.Sniff;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.TensorHeader;
import dev.tensorlens.tensor.codec.ValueContext;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The reading behind {@link ArrayReader#headers}: for one cached array, the fewest bytes that tell what it holds.
 * A string: {@code STRLEN} and the first {@value #HEAD_BYTES} bytes together, then its npy or safetensors header (one
 * more {@code GETRANGE} of exactly the header when it is longer). A raw hash field: {@code HSTRLEN} and its
 * {@code dtype}/{@code shape}/{@code order} siblings. Another hash field: {@code HSTRLEN}, then its head by a script on
 * the server ({@link FieldHeads}) when it is short enough for the copy that costs the server. A list: {@code LLEN} and
 * its first item. Values with no header (JSON, text, npz) are read whole up to the reader's limit and decoded here to
 * tell their shape; that value is handed back to be kept. Bytes are parsed on the decoder executor. What cannot be
 * read is a header of kind {@code UNREADABLE} saying why, never an exception; a failed connection fails the future.
 */
final class ArrayHeaders {

    /** Items of a list decoded to tell a batch of JSON samples from ragged lists; npy samples are checked as read. */
    static final int LOOKED_AT_ITEMS = 16;
    /** JSON items longer than this are not compared with the next ones (16 of them would be read for the header). */
    static final int JSON_CHECK_MAX_BYTES = 64 << 10;

    /** Bytes read first from every string and hash field: enough for nearly every npy and safetensors header. */
    static final int HEAD_BYTES = CheckpointReader.HEAD_BYTES;
    /** Header reads of one value at most: the first bytes, then the header's own length (a header can ask once). */
    private static final int MAX_HEADER_ROUNDS = 3;
    private static final List<String> RAW_SIBLINGS = List.of("dtype", "shape", "order", "fortran_order");

    /** One header and how to read what is behind it. */
    record Found(ArrayHeader header, ArrayPlan plan) {
    }

    /** The headers of one array; {@code whole} is the value when it was read whole to tell them (null if not). */
    record Result(List<Found> found, WholeValue whole) {
        static Result of(WholeValue whole) {
            return new Result(whole.headers().stream().map(h -> new Found(h, ArrayPlan.of(h))).toList(), whole);
        }

        static Result one(ArrayHeader header, ArrayPlan plan) {
            return new Result(List.of(new Found(header, plan)), null);
        }
    }

    /** Where a value's bytes come from: the first {@code n} of them, or all of them (null when it is gone). */
    private record Source(String redisType, LongFunction<CompletableFuture<byte[]>> head,
                          Supplier<CompletableFuture<byte[]>> whole) {
        boolean isString() {
            return redisType.equals("string");
        }
    }

    private final RedisSession session;
    private final Executor decoder;
    private final int chunkBytes;
    private final long wholeValueMaxBytes;
    private final long headScriptMaxBytes;
    private final FieldHeads heads;
    private final ValueReader reader;

    ArrayHeaders(RedisSession session, Executor decoder, int chunkBytes, long wholeValueMaxBytes,
                 long headScriptMaxBytes) {
        this.session = session;
        this.decoder = decoder;
        this.chunkBytes = chunkBytes;
        this.wholeValueMaxBytes = wholeValueMaxBytes;
        this.headScriptMaxBytes = headScriptMaxBytes;
        this.heads = new FieldHeads(session, headScriptMaxBytes);
        this.reader = new ValueReader(session);
    }

    CompletableFuture<Result> read(CachedArray array) {
        TensorRef ref = array.location();
        byte[] key = Keys.bytes(ref.key());
        CompletableFuture<Result> read;
        if (array.type() == RedisType.LIST) {
            read = list(array, key);
        } else if (ref.hashField().isEmpty()) {
            CompletableFuture<Long> length = session.read("STRLEN", c -> c.strlen(key));
            CompletableFuture<byte[]> head = session.read("GETRANGE", c -> c.getrange(key, 0, HEAD_BYTES - 1));
            Source string = new Source("string", n -> session.read("GETRANGE", c -> c.getrange(key, 0, n - 1)),
                    () -> Futures.compose(length, n -> reader.readString(key, n, chunkBytes, done -> { })));
            read = both(length, head, (n, h) -> fromHead(array, string, n, h));
        } else if (ref.encoding() == TensorEncoding.RAW_WITH_DTYPE_SHAPE) {
            read = raw(array, key, Keys.bytes(ref.field()));
        } else {
            read = field(array, key, Keys.bytes(ref.field()));
        }
        CompletableFuture<Result> result = read.exceptionally(failure -> refusedByServer(array, failure));
        Futures.cancelTogether(result, read);
        return result;
    }

    /** A hash field with no metadata: its head by a script when it is short enough, else read whole within the limit. */
    private CompletableFuture<Result> field(CachedArray array, byte[] key, byte[] field) {
        CompletableFuture<Long> length = session.read("HSTRLEN", c -> c.hstrlen(key, field));
        return onDecoder(length, n -> {
            Source source = new Source("hash", k -> heads.head(key, field, k, n),
                    () -> session.read("HGET", c -> c.hget(key, field)));
            if (n == 0) {
                return gone(array);
            }
            if (n > headScriptMaxBytes) {
                return n <= wholeValueMaxBytes ? whole(array, source) : done(unreadable(array, Format.UNKNOWN.id(), n,
                        "Its header was not read: Redis has no range read of a hash field, and this one is " + n
                                + " bytes, more than the " + wholeValueMaxBytes + " read whole."));
            }
            CompletableFuture<byte[]> head = source.head.apply(Math.min(HEAD_BYTES, n));
            return onDecoder(head.handle((h, e) -> e), refused -> refused == null
                    ? fromHead(array, source, n, head.join())
                    : afterScriptRefused(array, source, n, refused));
        });
    }

    private CompletableFuture<Result> afterScriptRefused(CachedArray array, Source source, long n, Throwable failure) {
        Throwable t = RedisErrors.unwrap(failure);
        if (!(t instanceof FieldHeads.ScriptingRefused refused)) {
            return CompletableFuture.failedFuture(t);
        }
        if (n <= wholeValueMaxBytes) {
            return whole(array, source);
        }
        return done(unreadable(array, Format.UNKNOWN.id(), n, "Its header was not read: Redis has no range read of a "
                + "hash field, the script that reads the first bytes of one was refused (" + refused.getMessage()
                + "), and reading all " + n + " bytes is more than the " + wholeValueMaxBytes + " allowed."));
    }

    /** The first bytes of a value of {@code n} bytes: its npy or safetensors header, or the value whole. */
    private CompletableFuture<Result> fromHead(CachedArray array, Source source, long n, byte[] head) {
        if (n == 0 || head == null) {
            return gone(array);
        }
        if (ValueHeads.isNpy(head)) {
            return header(array, source, n, head, NpyCodec::readHeader, 0);
        }
        if (ValueHeads.looksLikeSafetensors(head, n)) {
            return header(array, source, n, head, SafetensorsCodec::readHeader, 0);
        }
        if (head.length >= n) {
            return done(Result.of(WholeValue.of(array, head, source.redisType)));
        }
        if (n <= wholeValueMaxBytes) {
            return whole(array, source);
        }
        Sniff sniff = Sniffer.sniff(head, new ValueContext(array.location().key(), source.redisType, null, null));
        String what = WholeValue.what(array);
        String why = switch (sniff.format()) {
            case PICKLE, TORCH, TORCH_LEGACY, JAVA_SERIALIZATION -> what + " is a " + sniff.format().id() + " value of "
                    + n + " bytes: recognised by its first bytes, and never unpickled or deserialized.";
            default -> what + " is " + n + " bytes" + (sniff.format() == Format.UNKNOWN ? "" : " of "
                    + sniff.format().id()) + " with no header that tells its shape, more than the "
                    + wholeValueMaxBytes + " read whole to tell it.";
        };
        return done(unreadable(array, sniff.format().id(), n, why));
    }

    private CompletableFuture<Result> whole(CachedArray array, Source source) {
        return onDecoder(source.whole.get(), v -> v == null || v.length == 0 ? gone(array)
                : done(Result.of(WholeValue.of(array, v, source.redisType))));
    }

    private CompletableFuture<Result> header(CachedArray array, Source source, long n, byte[] head,
                                             BiFunction<byte[], Long, HeaderRead> reader, int round) {
        HeaderRead read = reader.apply(head, n);
        if (read instanceof HeaderRead.NeedsBytes more && round < MAX_HEADER_ROUNDS && more.bytes() > head.length) {
            return onDecoder(source.head.apply(more.bytes()),
                    h -> h == null ? gone(array) : header(array, source, n, h, reader, round + 1));
        }
        if (read instanceof HeaderRead.Parsed parsed) {
            return done(parsed(array, source, n, parsed));
        }
        if (read instanceof HeaderRead.Invalid invalid) {
            return done(unreadable(array, invalid.format(), n, "Not a valid " + invalid.format() + " value: at byte "
                    + invalid.offset() + ", " + invalid.reason() + "."));
        }
        return done(unreadable(array, read.format(), n,
                "Its header kept growing while it was read: the value is being rewritten. Read it again."));
    }

    private static Result parsed(CachedArray array, Source source, long n, HeaderRead.Parsed parsed) {
        List<Found> found = new ArrayList<>(parsed.tensors().size());
        List<String> notes = new ArrayList<>(parsed.notes());
        if (!parsed.metadata().isEmpty()) {
            notes.add("metadata " + parsed.metadata());
        }
        String note = notes.isEmpty() ? null : String.join("; ", notes);
        for (TensorHeader t : parsed.tensors()) {
            String part = t.name().equals(Sniffer.UNNAMED) ? null : t.name();
            if (t.problem() != null) {
                found.add(new Found(ArrayHeader.unreadable(array, part, parsed.format(), n,
                        Character.toUpperCase(t.problem().charAt(0)) + t.problem().substring(1) + "."), ArrayPlan.NONE));
                continue;
            }
            ArrayHeader header = ArrayHeader.tensor(array, part, parsed.format(), t.dtype(), t.shape(),
                    t.fortranOrder(), t.byteOrder(), n, note);
            // a string's data is read by range; a hash field's only whole
            found.add(new Found(header, source.isString() ? ArrayPlan.range(t.dataOffset()) : ArrayPlan.WHOLE));
        }
        return new Result(found, null);
    }

    /** Raw {@code tobytes()} in a field: its length and its {@code dtype}/{@code shape}/{@code order} siblings. */
    private CompletableFuture<Result> raw(CachedArray array, byte[] key, byte[] field) {
        TensorRef ref = array.location();
        List<String> names = List.of(ref.dtypeField(), ref.shapeField(), "order", "fortran_order");
        byte[][] fields = names.stream().map(Keys::bytes).toArray(byte[][]::new);
        CompletableFuture<Long> length = session.read("HSTRLEN", c -> c.hstrlen(key, field));
        CompletableFuture<List<KeyValue<byte[], byte[]>>> siblings = session.read("HMGET", c -> c.hmget(key, fields));
        return both(length, siblings, (n, values) -> {
            Map<String, byte[]> found = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).hasValue()) {
                    found.put(RAW_SIBLINGS.get(i), values.get(i).getValue());
                }
            }
            Optional<RawSpec> spec = RawCodec.specFromFields(found);
            if (n == 0 && (spec.isEmpty() || spec.get().byteLength() != 0)) { // an array of no elements has 0 bytes
                return gone(array);
            }
            String raw = Format.RAW.id();
            if (spec.isEmpty()) {
                String why = !found.containsKey("dtype") || !found.containsKey("shape")
                        ? "Raw bytes need their dtype and shape, but the field " + (!found.containsKey("dtype")
                        ? ref.dtypeField() : ref.shapeField()) + " is missing."
                        : "Raw bytes need their dtype and shape, but " + ref.dtypeField() + " = "
                        + ValueHeads.quoted(found.get("dtype")) + " and " + ref.shapeField() + " = "
                        + ValueHeads.quoted(found.get("shape"))
                        + " do not say them (numpy names such as uint8 or <f4, a shape such as [32, 28, 28]).";
                return done(unreadable(array, raw, n, why));
            }
            RawSpec s = spec.get();
            if (s.byteLength() != n) {
                return done(unreadable(array, raw, n, "Raw bytes of " + s.dtype() + " " + Tensor.shapeText(s.shape())
                        + " are " + s.byteLength() + " bytes, but the field holds " + n + "."));
            }
            return done(Result.one(ArrayHeader.tensor(array, null, raw, s.dtype(), s.shape(), s.fortranOrder(),
                    ByteOrder.LITTLE_ENDIAN, n, null), ArrayPlan.raw(s)));
        });
    }

    /**
     * A list: a batch of samples when its first item decodes to one tensor (npy, a safetensors value of one tensor, a
     * JSON list), else text. Redis cannot measure one item, so the first is read whole (samples are small).
     */
    private CompletableFuture<Result> list(CachedArray array, byte[] key) {
        CompletableFuture<Long> length = session.read("LLEN", c -> c.llen(key));
        // the first item alone (Redis cannot measure one item before reading it); a JSON list is checked against
        // the next few when it is small, since lists of different lengths (token ids) are text, not a batch
        CompletableFuture<byte[]> firstItem = session.read("LINDEX", c -> c.lindex(key, 0));
        CompletableFuture<List<byte[]>> firsts = Futures.compose(firstItem, item -> item == null
                || item.length > JSON_CHECK_MAX_BYTES || item.length == 0 || item[0] != '['
                ? CompletableFuture.completedFuture(item == null ? List.<byte[]>of() : List.of(item))
                : Futures.map(session.read("LRANGE", c -> c.lrange(key, 1, LOOKED_AT_ITEMS - 1)), rest -> {
                    List<byte[]> all = new ArrayList<>(rest.size() + 1);
                    all.add(item);
                    all.addAll(rest);
                    return all;
                }));
        return both(length, firsts, (n, items) -> {
            if (n == 0 || items == null || items.isEmpty()) {
                return gone(array);
            }
            byte[] item = items.get(0);
            DecodeResult r = Sniffer.decode(item, new ValueContext(array.location().key(), "list", null, null));
            long estimate = n * item.length;
            if (r instanceof DecodeResult.Decoded d && d.tensors().size() == 1 && isSample(d, item)
                    && (!d.format().equals(Format.JSON.id()) || sameShapes(array, items, d.tensors().get(0)))) {
                Tensor t = ListSamples.asSample(d.format(), d.tensors().get(0));
                long[] shape = new long[t.rank() + 1];
                shape[0] = n;
                System.arraycopy(t.shape(), 0, shape, 1, t.rank());
                return done(Result.one(ArrayHeader.tensor(array, null, d.format(), t.dtype(), shape, false,
                        t.byteOrder(), estimate, "A list of " + n + " " + d.format() + " samples of "
                                + t.dtype() + " " + Tensor.shapeText(t.shape()) + ", read from its first; every item "
                                + "read is checked to be alike."), ArrayPlan.SAMPLES));
            }
            if (r instanceof DecodeResult.Opaque o) {
                return done(unreadable(array, o.format(), estimate, "The items of the list " + array.location().key()
                        + " are " + o.format() + " values (the first holds " + o.description()
                        + "): described, never unpickled or deserialized."));
            }
            if (r instanceof DecodeResult.Malformed m && (m.format().equals(Format.NPY.id())
                    || m.format().equals(Format.SAFETENSORS.id()))) {
                return done(unreadable(array, m.format(), estimate, "The first item of the list "
                        + array.location().key() + " is not a valid " + m.format() + " value: at byte " + m.offset()
                        + ", " + m.reason() + "."));
            }
            String note = ByteContent.isUtf8(item) ? null : "Its first item is binary data, not text: "
                    + "items are shown with escapes.";
            return done(Result.one(ArrayHeader.text(array, "text", n, estimate, note), ArrayPlan.LIST_TEXT));
        });
    }

    /** Whether every JSON item read decodes to one tensor of {@code first}'s shape (ragged lists are text). */
    private static boolean sameShapes(CachedArray array, List<byte[]> items, Tensor first) {
        for (byte[] item : items) {
            DecodeResult r = Sniffer.decode(item, new ValueContext(array.location().key(), "list", null, null));
            if (!(r instanceof DecodeResult.Decoded d) || d.tensors().size() != 1
                    || !Arrays.equals(d.tensors().get(0).shape(), first.shape())) {
                return false;
            }
        }
        return true;
    }

    /** A sample is an npy or one safetensors tensor, or a JSON list (a JSON number alone is text, not a sample). */
    private static boolean isSample(DecodeResult.Decoded d, byte[] item) {
        if (!d.format().equals(Format.JSON.id())) {
            return d.format().equals(Format.NPY.id()) || d.format().equals(Format.SAFETENSORS.id());
        }
        for (byte b : item) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '[';
            }
        }
        return false;
    }

    /** A value that measures 0: gone since the listing, of another type now, or empty. Which, in words. */
    private CompletableFuture<Result> gone(CachedArray array) {
        TensorRef ref = array.location();
        byte[] key = Keys.bytes(ref.key());
        CompletableFuture<String> type = session.read("TYPE", c -> c.type(key));
        CompletableFuture<Boolean> exists = ref.hashField().isEmpty() ? CompletableFuture.completedFuture(true)
                : session.read("HEXISTS", c -> c.hexists(key, Keys.bytes(ref.field())));
        String expected = array.type() == RedisType.LIST ? "list" : ref.hashField().isPresent() ? "hash" : "string";
        return both(type, exists, (t, there) -> {
            if (t.equals("none")) {
                return done(missing(array, "The key " + ref.key() + " no longer exists: it was removed after the listing."));
            }
            if (!t.equals(expected)) {
                return done(missing(array, "The key " + ref.key() + " is now a " + t + ", no longer a " + expected
                        + ": it was replaced after the listing."));
            }
            if (!there) {
                return done(missing(array, "The hash " + ref.key() + " no longer has the field " + ref.field()
                        + ": it was removed after the listing."));
            }
            return done(unreadable(array, Format.UNKNOWN.id(), 0,
                    ByteContent.of(new byte[0]).notATensor(WholeValue.what(array))));
        });
    }

    private static Result missing(CachedArray array, String why) {
        return unreadable(array, CheckpointHeaders.MISSING, 0, why);
    }

    private static Result unreadable(CachedArray array, String format, long n, String why) {
        return Result.one(ArrayHeader.unreadable(array, null, format, n, why), ArrayPlan.NONE);
    }

    /** A command the server refused for this array is its problem, in the server's words; anything else fails. */
    private static Result refusedByServer(CachedArray array, Throwable failure) {
        Throwable t = RedisErrors.unwrap(failure);
        if (t instanceof RedisOperationException roe && roe.getCause() instanceof RedisCommandExecutionException) {
            return unreadable(array, Format.UNKNOWN.id(), 0, roe.getMessage());
        }
        if (t instanceof RuntimeException r) {
            throw r; // the connection went, or the read was cancelled: the caller's to see
        }
        throw new RedisOperationException("read", RedisErrors.describe("Reading " + WholeValue.what(array), t), t);
    }

    private <A, B, R> CompletableFuture<R> both(CompletableFuture<A> a, CompletableFuture<B> b,
                                                 BiFunction<A, B, CompletableFuture<R>> next) {
        return Futures.composeBothAsync(a, b, next, decoder);
    }

    /** {@code next} on the decoder executor once {@code source} is there. */
    private <T, R> CompletableFuture<R> onDecoder(CompletableFuture<T> source, Function<T, CompletableFuture<R>> next) {
        return Futures.composeAsync(source, next, decoder);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
