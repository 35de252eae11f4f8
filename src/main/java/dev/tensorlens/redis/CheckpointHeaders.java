package dev.tensorlens.redis;

import dev.tensorlens.mlstate.LayerInfo;
import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelLayout;
import dev.tensorlens.mlstate.TensorEncoding;
import dev.tensorlens.mlstate.TensorRef;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.ByteContent;
import dev.tensorlens.tensor.codec.Format;
import dev.tensorlens.tensor.codec.HeaderRead;
import dev.tensorlens.tensor.codec.JsonCodec;
import dev.tensorlens.tensor.codec.NpyCodec;
import dev.tensorlens.tensor.codec.RawCodec;
import dev.tensorlens.tensor.codec.RawSpec;
import dev.tensorlens.tensor.codec.SafetensorsCodec;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.TensorHeader;
import dev.tensorlens.tensor.codec.ValueContext;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The reading behind {@link CheckpointReader#contents}: for each tensor location of one version, the fewest bytes
 * that tell its dtype and shape. All first commands of a version are sent at once (Lettuce pipelines them on the
 * one connection); a value whose header runs past the first bytes gets one more range read; the bytes are parsed on
 * the decoder executor, never on a Lettuce thread. A command the server refuses for one location (the key changed
 * type, an ACL leaves it out) makes that location's layer unreadable, in the server's words; a connection that fails
 * fails the whole version.
 */
final class CheckpointHeaders {

    /** Header reads of one value at most: the first bytes, then the header's own length (a header can ask once). */
    private static final int MAX_HEADER_ROUNDS = 3;

    /** What one tensor location held: its layers, and the value's length (0 when it is gone). */
    record Read(List<LayerInfo> layers, long valueBytes) {
    }

    private final RedisSession session;
    private final Executor decoder;
    private final int headBytes;
    private final long wholeValueMaxBytes;
    private final long headScriptMaxBytes;
    private final FieldHeads heads;

    /**
     * @param headBytes          bytes read first from every value
     * @param wholeValueMaxBytes values with no header, and hash fields when scripts are refused, read whole up to this
     * @param headScriptMaxBytes hash fields up to this long have their head read by a script (which copies the whole
     *                           field into Lua on the server); longer ones are not read for the table; also the bytes
     *                           of fields such scripts may copy at a time
     */
    CheckpointHeaders(RedisSession session, Executor decoder, int headBytes, long wholeValueMaxBytes,
                      long headScriptMaxBytes) {
        this.session = session;
        this.decoder = decoder;
        this.headBytes = headBytes;
        this.wholeValueMaxBytes = wholeValueMaxBytes;
        this.headScriptMaxBytes = headScriptMaxBytes;
        this.heads = new FieldHeads(session, headScriptMaxBytes);
    }

    /** The commands of one version: cancelled together when the version's result is. */
    static final class Batch {
        private final List<CompletableFuture<?>> sent = new ArrayList<>();
        private boolean cancelled;

        synchronized <T> CompletableFuture<T> add(CompletableFuture<T> command) {
            if (cancelled) {
                command.cancel(true);
            } else {
                sent.add(command);
            }
            return command;
        }

        void cancel() {
            List<CompletableFuture<?>> all;
            synchronized (this) {
                cancelled = true;
                all = List.copyOf(sent);
            }
            all.forEach(f -> f.cancel(true));
        }
    }

    private <T> CompletableFuture<T> send(Batch batch, String operation,
                                          Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        return batch.add(session.read(operation, call));
    }

    /** The layers at one location, in the order the value stores them. */
    CompletableFuture<Read> read(Batch batch, ModelEntry model, TensorRef ref) {
        Place place = new Place(model, ref);
        CompletableFuture<Read> read;
        if (ref.hashField().isEmpty()) {
            CompletableFuture<Long> length = send(batch, "STRLEN", c -> c.strlen(place.key));
            CompletableFuture<byte[]> head = send(batch, "GETRANGE", c -> c.getrange(place.key, 0, headBytes - 1));
            read = both(length, head, (n, h) -> fromHead(batch, place, n, h));
        } else if (ref.encoding() == TensorEncoding.RAW_WITH_DTYPE_SHAPE) {
            read = raw(batch, place);
        } else if (ref.encoding() == TensorEncoding.JSON_DICT) {
            // no header: measured, then read whole when JSON may be that long; longer ones are looked at as any field
            CompletableFuture<Long> length = send(batch, "HSTRLEN", c -> c.hstrlen(place.key, place.field));
            read = onDecoder(length, n -> n == 0 ? gone(batch, place)
                    : n <= JsonCodec.MAX_JSON_BYTES
                    ? onDecoder(place.whole(batch), v -> v == null ? gone(batch, place) : done(whole(place, v.length, v, null)))
                    : fieldHead(batch, place, n));
        } else {
            // measured first: how long the field is decides whether its head is read on the server at all
            CompletableFuture<Long> length = send(batch, "HSTRLEN", c -> c.hstrlen(place.key, place.field));
            read = onDecoder(length, n -> fieldHead(batch, place, n));
        }
        return read.exceptionally(failure -> refusedByServer(place, failure));
    }

    /**
     * The head of a field of {@code length} bytes, read by a script on the server when the field is short enough for
     * the copy that costs the server; a longer one is listed unreadable, saying why.
     */
    private CompletableFuture<Read> fieldHead(Batch batch, Place place, long length) {
        if (length == 0) {
            return gone(batch, place);
        }
        if (length > headScriptMaxBytes) {
            return done(new Read(List.of(LayerInfo.headerUnread(place.ref.name(), place.ref, null, Format.UNKNOWN.id(),
                    length, "Its header was not read for the table: Redis has no range read of a hash field, and a "
                            + "field of " + length + " bytes is read only whole, or copied whole into a script on the "
                            + "server, which holds the server up about 1 ms per 100 KB; fields over "
                            + headScriptMaxBytes + " bytes are read whole only when the layer itself is read.")), length));
        }
        CompletableFuture<byte[]> head = place.head(batch, Math.min(headBytes, length), length);
        return onDecoder(head.handle((h, e) -> e), refused -> refused == null
                ? fromHead(batch, place, length, head.join())
                : afterHeadFailed(batch, place, length, refused));
    }

    /**
     * Hash fields have no range read: when the server refuses the script that reads a field's head, a field small
     * enough is read whole instead; a bigger one is listed unreadable, saying why.
     */
    private CompletableFuture<Read> afterHeadFailed(Batch batch, Place place, long length, Throwable failure) {
        Throwable t = RedisErrors.unwrap(failure);
        if (!(t instanceof FieldHeads.ScriptingRefused refused)) {
            return CompletableFuture.failedFuture(t);
        }
        if (length == 0) {
            return fromHead(batch, place, 0, new byte[0]);
        }
        if (length <= wholeValueMaxBytes) {
            return onDecoder(place.whole(batch), v -> fromHead(batch, place, v == null ? 0 : v.length,
                    v == null ? new byte[0] : v));
        }
        return done(new Read(List.of(LayerInfo.headerUnread(place.ref.name(), place.ref, null, Format.UNKNOWN.id(),
                length, "Its header was not read: Redis has no range read of a hash field, the script that reads "
                        + "the first bytes of one was refused (" + refused.getMessage() + "), and reading all "
                        + length + " bytes for the table is more than the " + wholeValueMaxBytes
                        + " allowed; it is read whole when the layer itself is read.")), length));
    }

    /** The first bytes of a value of {@code length} bytes: its format, then its header, or the value whole. */
    private CompletableFuture<Read> fromHead(Batch batch, Place place, long length, byte[] head) {
        if (length == 0 || head == null) {
            return gone(batch, place);
        }
        if (ValueHeads.isNpy(head)) {
            return header(batch, place, length, head, NpyCodec::readHeader, 0);
        }
        if (ValueHeads.looksLikeSafetensors(head, length)) {
            return header(batch, place, length, head, SafetensorsCodec::readHeader, 0);
        }
        if (head.length >= length) {
            return done(whole(place, length, head, null));
        }
        if (length <= wholeValueMaxBytes) {
            return onDecoder(place.whole(batch), v -> v == null ? gone(batch, place) : done(whole(place, v.length, v, null)));
        }
        return done(whole(place, length, null, head));
    }

    private CompletableFuture<Read> header(Batch batch, Place place, long length, byte[] head,
                                           BiFunction<byte[], Long, HeaderRead> reader, int round) {
        HeaderRead read = reader.apply(head, length);
        if (read instanceof HeaderRead.NeedsBytes more && round < MAX_HEADER_ROUNDS && more.bytes() > head.length) {
            CompletableFuture<byte[]> longer = place.ref.hashField().isPresent()
                    ? place.head(batch, more.bytes(), length)
                    : send(batch, "GETRANGE", c -> c.getrange(place.key, 0, more.bytes() - 1));
            return onDecoder(longer, h -> h == null ? gone(batch, place)
                    : header(batch, place, length, h, reader, round + 1));
        }
        if (read instanceof HeaderRead.Parsed parsed) {
            return done(new Read(layers(place, parsed, length), length));
        }
        if (read instanceof HeaderRead.Invalid invalid) {
            return done(new Read(List.of(LayerInfo.unreadable(place.ref.name(), place.ref, null, invalid.format(),
                    length, "Not a valid " + invalid.format() + " value: at byte " + invalid.offset() + ", "
                            + invalid.reason() + ".")), length));
        }
        // asked for more than it was given, again: the value changed between the reads
        return done(new Read(List.of(LayerInfo.unreadable(place.ref.name(), place.ref, null, read.format(), length,
                "Its header kept growing while it was read: the value is being rewritten. List it again.")), length));
    }

    private static List<LayerInfo> layers(Place place, HeaderRead.Parsed parsed, long length) {
        List<LayerInfo> layers = new ArrayList<>(parsed.tensors().size());
        boolean rangeReadable = place.ref.hashField().isEmpty() && parsed.format().equals(Format.SAFETENSORS.id());
        for (TensorHeader t : parsed.tensors()) {
            String part = t.name().equals(Sniffer.UNNAMED) ? null : t.name();
            long bytes = part == null ? length : t.dataLength();
            layers.add(new LayerInfo(place.layerName(part), place.ref, part, parsed.format(), t.dtype(), t.shape(),
                    bytes, t.problem() == null && rangeReadable ? t.dataOffset() : -1, t.problem()));
        }
        return layers;
    }

    /**
     * A value with no header to read alone, decoded whole ({@code value}), or — too long to read for a table — named
     * by its first bytes ({@code head}) and listed unreadable.
     */
    private Read whole(Place place, long length, byte[] value, byte[] head) {
        String what = place.describe();
        ValueContext context = new ValueContext(place.ref.key(), place.ref.hashField().isPresent() ? "hash" : "string",
                Map.of(), List.of());
        if (value == null) {
            Format format = Sniffer.sniff(head, context).format();
            String why = switch (format) {
                case PICKLE, TORCH, TORCH_LEGACY, JAVA_SERIALIZATION -> what + " is a " + format.id() + " value of "
                        + length + " bytes: recognised by its first bytes, and never unpickled or deserialized.";
                default -> what + " is " + length + " bytes" + (format == Format.UNKNOWN ? "" : " of " + format.id())
                        + " with no header that tells its dtype and shape, more than the " + wholeValueMaxBytes
                        + " read whole for the table; it is decoded when the layer itself is read.";
            };
            boolean neverRun = switch (format) {
                case PICKLE, TORCH, TORCH_LEGACY, JAVA_SERIALIZATION -> true;
                default -> false;
            };
            return new Read(List.of(neverRun
                    ? LayerInfo.unreadable(place.ref.name(), place.ref, null, format.id(), length, why)
                    : LayerInfo.headerUnread(place.ref.name(), place.ref, null, format.id(), length, why)), length);
        }
        DecodeResult result = Sniffer.decode(value, context);
        if (result instanceof DecodeResult.Decoded d) {
            return new Read(decodedLayers(place, d, length), length);
        }
        String why;
        if (result instanceof DecodeResult.Opaque o) {
            why = what + " holds " + o.description() + (o.details().isEmpty() ? "" : " (" + String.join("; ", o.details())
                    + ")") + ".";
        } else if (ByteContent.isUnrecognised(result)) {
            why = ByteContent.of(value).notATensor(what);
        } else {
            DecodeResult.Malformed m = (DecodeResult.Malformed) result;
            why = "Not a valid " + m.format() + " value: at byte " + m.offset() + ", " + m.reason() + ".";
        }
        return new Read(List.of(LayerInfo.unreadable(place.ref.name(), place.ref, null, result.format(), length, why)),
                length);
    }

    /**
     * The tensors of a value decoded whole: one layer each. Several tensors share the value's length in proportion to
     * their elements (a JSON dict's arrays have no bytes of their own), so the layers add up to the value.
     */
    private static List<LayerInfo> decodedLayers(Place place, DecodeResult.Decoded d, long length) {
        List<LayerInfo> layers = new ArrayList<>(d.tensors().size());
        long elements = 0;
        for (Tensor t : d.tensors()) {
            elements += t.elementCount();
        }
        long given = 0;
        for (int i = 0; i < d.tensors().size(); i++) {
            Tensor t = d.tensors().get(i);
            String part = d.tensors().size() == 1 && t.name().equals(Sniffer.UNNAMED) ? null : t.name();
            long bytes = d.tensors().size() == 1 ? length
                    : i == d.tensors().size() - 1 ? length - given
                    : elements == 0 ? 0 : Math.round((double) length * t.elementCount() / elements);
            given += bytes;
            layers.add(new LayerInfo(place.layerName(part), place.ref, part, d.format(), t.dtype(), t.shape(), bytes,
                    -1, null));
        }
        return layers;
    }

    /** Raw {@code tobytes()} in a field: its length and its {@code dtype}/{@code shape} siblings tell all. */
    private CompletableFuture<Read> raw(Batch batch, Place place) {
        TensorRef ref = place.ref;
        List<String> names = List.of(ref.dtypeField(), ref.shapeField(), "order", "fortran_order");
        byte[][] fields = names.stream().map(Keys::bytes).toArray(byte[][]::new);
        CompletableFuture<Long> length = send(batch, "HSTRLEN", c -> c.hstrlen(place.key, place.field));
        CompletableFuture<List<KeyValue<byte[], byte[]>>> siblings = send(batch, "HMGET", c -> c.hmget(place.key, fields));
        return both(length, siblings, (n, values) -> {
            Map<String, byte[]> found = new LinkedHashMap<>();
            String[] as = {"dtype", "shape", "order", "fortran_order"};
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).hasValue()) {
                    found.put(as[i], values.get(i).getValue());
                }
            }
            Optional<RawSpec> spec = RawCodec.specFromFields(found);
            if (n == 0 && (spec.isEmpty() || spec.get().byteLength() != 0)) { // an array of no elements has 0 bytes
                return gone(batch, place);
            }
            String raw = Format.RAW.id();
            if (spec.isEmpty()) {
                String why = !found.containsKey("dtype") || !found.containsKey("shape")
                        ? "Raw bytes need their dtype and shape, but the field " + (!found.containsKey("dtype")
                        ? ref.dtypeField() : ref.shapeField()) + " is missing."
                        : "Raw bytes need their dtype and shape, but " + ref.dtypeField() + " = "
                        + ValueHeads.quoted(found.get("dtype")) + " and " + ref.shapeField() + " = "
                        + ValueHeads.quoted(found.get("shape"))
                        + " do not say them.";
                return done(new Read(List.of(LayerInfo.unreadable(ref.name(), ref, null, raw, n, why)), n));
            }
            RawSpec s = spec.get();
            if (s.byteLength() != n) {
                return done(new Read(List.of(LayerInfo.unreadable(ref.name(), ref, null, raw, n, "Raw bytes of "
                        + s.dtype() + " " + Tensor.shapeText(s.shape()) + " are " + s.byteLength() + " bytes, but the "
                        + "field holds " + n + ".")), n));
            }
            return done(new Read(List.of(new LayerInfo(ref.name(), ref, null, raw, s.dtype(), s.shape(), n, -1, null)),
                    n));
        });
    }

    /** A value of length 0: gone since the listing, or empty. Which, and in words. */
    private CompletableFuture<Read> gone(Batch batch, Place place) {
        CompletableFuture<String> type = send(batch, "TYPE", c -> c.type(place.key));
        CompletableFuture<Boolean> exists = place.field == null ? CompletableFuture.completedFuture(true)
                : send(batch, "HEXISTS", c -> c.hexists(place.key, place.field));
        return both(type, exists, (t, there) -> {
            TensorRef ref = place.ref;
            if (t.equals("none")) {
                return done(missing(ref, "The key " + ref.key() + " no longer exists: it was removed after the listing."));
            }
            if (place.field == null ? !t.equals("string") : !t.equals("hash")) {
                return done(missing(ref, "The key " + ref.key() + " is now a " + t + ", no longer a "
                        + (place.field == null ? "string" : "hash") + ": it was replaced after the listing."));
            }
            if (!there) {
                return done(missing(ref, "The hash " + ref.key() + " no longer has the field " + ref.field()
                        + ": it was removed after the listing."));
            }
            return done(new Read(List.of(LayerInfo.unreadable(ref.name(), ref, null, Format.UNKNOWN.id(), 0,
                    ByteContent.of(new byte[0]).notATensor(place.describe()))), 0));
        });
    }

    /** The format of a layer whose key or field went since the listing. */
    static final String MISSING = "missing";

    private static Read missing(TensorRef ref, String why) {
        return new Read(List.of(LayerInfo.unreadable(ref.name(), ref, null, MISSING, 0, why)), 0);
    }

    /**
     * A command the server refused for this location is this layer's problem, in the server's words; anything else
     * (the connection went, cancelled) fails the version.
     */
    private static Read refusedByServer(Place place, Throwable failure) {
        Throwable t = RedisErrors.unwrap(failure);
        if (t instanceof RedisOperationException roe && roe.getCause() instanceof RedisCommandExecutionException) {
            return new Read(List.of(LayerInfo.unreadable(place.ref.name(), place.ref, null, Format.UNKNOWN.id(), 0,
                    roe.getMessage())), 0);
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        throw new RedisOperationException("read", RedisErrors.describe("Reading " + place.describe(), t), t);
    }

    /** Where one tensor location is, as bytes, and how its layers are named. */
    private final class Place {
        final ModelEntry model;
        final TensorRef ref;
        final byte[] key;
        final byte[] field;

        Place(ModelEntry model, TensorRef ref) {
            this.model = model;
            this.ref = ref;
            this.key = Keys.bytes(ref.key());
            this.field = ref.hashField().map(Keys::bytes).orElse(null);
        }

        String describe() {
            return field == null ? ref.key() : ref.key() + " field " + ref.field();
        }

        /**
         * A tensor named inside a value holding several: in a checkpoint blob by its own name, elsewhere after its
         * location too ({@code layer1.weights} for the {@code weights} of the JSON field {@code layer1}).
         */
        String layerName(String part) {
            if (part == null) {
                return ref.name();
            }
            return model.layout() == ModelLayout.BLOB_PER_CHECKPOINT ? part : ref.name() + "." + part;
        }

        /** The whole value ({@code GET}, {@code HGET}); null when it is gone. */
        CompletableFuture<byte[]> whole(Batch batch) {
            return field == null ? send(batch, "GET", c -> c.get(key)) : send(batch, "HGET", c -> c.hget(key, field));
        }

        /**
         * The first {@code n} bytes of a hash field of {@code fieldLength} bytes, read on the server by a script
         * ({@link FieldHeads}); fails with {@link FieldHeads.ScriptingRefused} when the server runs no scripts for us.
         */
        CompletableFuture<byte[]> head(Batch batch, long n, long fieldLength) {
            return batch.add(heads.head(key, field, n, fieldLength));
        }
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
