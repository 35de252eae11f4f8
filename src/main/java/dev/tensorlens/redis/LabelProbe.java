package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetLabels;
import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.redis.ClassBalance.LabelSource;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.HeaderRead;
import dev.tensorlens.tensor.codec.NpyCodec;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.TensorHeader;
import dev.tensorlens.tensor.codec.ValueContext;
import io.lettuce.core.ScanCursor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the labels beside a dataset's splits: the {@link DatasetLabels#candidates} are asked their {@code TYPE} in one
 * pipelined round, then the first that holds labels wins. A hash (id → class) is taken as it is ({@code HLEN} sizes
 * it). A string must be an integer array: an npy value is judged from its header alone ({@code GETRANGE} of its
 * head); another format (a JSON list, say) is read and decoded only when it is small ({@value #DECODE_TO_PROBE_MAX}
 * bytes), and then only when the split ids are integers (a first page of the first split says so), since an array
 * can only be indexed by a number.
 */
final class LabelProbe {

    /** Bytes of a string read to find its npy header: numpy's headers are far shorter in practice. */
    static final int HEAD_BYTES = 4096;
    /** A labels string in a format without a header is decoded to probe it only up to this size. */
    static final long DECODE_TO_PROBE_MAX = 1L << 20;

    private final RedisSession session;

    LabelProbe(RedisSession session) {
        this.session = session;
    }

    CompletableFuture<Optional<LabelSource>> find(DatasetSplits dataset) {
        List<String> candidates = DatasetLabels.candidates(dataset);
        List<CompletableFuture<String>> types = new ArrayList<>();
        for (String c : candidates) {
            byte[] key = Keys.bytes(c);
            types.add(session.read("TYPE", cmd -> cmd.type(key)));
        }
        CompletableFuture<Optional<LabelSource>> result = new CompletableFuture<>();
        CompletableFuture<Void> all = CompletableFuture.allOf(types.toArray(CompletableFuture[]::new));
        Futures.cancelTogether(result, types.toArray(CompletableFuture[]::new));
        all.whenComplete((v, failure) -> {
            if (failure != null) {
                result.completeExceptionally(RedisErrors.unwrap(failure));
            } else {
                next(dataset, candidates, types.stream().map(CompletableFuture::join).toList(), 0, result);
            }
        });
        return result;
    }

    /** Tries candidate {@code i}, then the next, one at a time: most datasets have none, a few have one. */
    private void next(DatasetSplits dataset, List<String> candidates, List<String> types, int i,
                      CompletableFuture<Optional<LabelSource>> result) {
        if (result.isDone()) {
            return;
        }
        if (i == candidates.size()) {
            result.complete(Optional.empty());
            return;
        }
        String key = candidates.get(i);
        CompletableFuture<Optional<LabelSource>> tried = switch (types.get(i)) {
            case "hash" -> hash(key);
            case "string" -> Futures.compose(integerIds(dataset), integers -> integers
                    ? array(key) : CompletableFuture.completedFuture(Optional.empty()));
            default -> CompletableFuture.completedFuture(Optional.empty());
        };
        Futures.cancelTogether(result, tried);
        tried.whenComplete((found, failure) -> {
            if (failure != null) {
                result.completeExceptionally(RedisErrors.unwrap(failure));
            } else if (found.isPresent()) {
                result.complete(found);
            } else {
                next(dataset, candidates, types, i + 1, result);
            }
        });
    }

    private CompletableFuture<Optional<LabelSource>> hash(String key) {
        byte[] bytes = Keys.bytes(key);
        return Futures.map(session.read("HLEN", c -> c.hlen(bytes)), n -> Optional.of(new LabelSource(key,
                LabelSource.Kind.HASH_BY_ID, n, String.format(Locale.ROOT, "hash %s: %,d ids → class", key, n))));
    }

    /** Whether the first split's first page holds only non-negative integers (an empty dataset says yes). */
    private CompletableFuture<Boolean> integerIds(DatasetSplits dataset) {
        Optional<DatasetSplits.Split> first = dataset.splits().stream().findFirst();
        if (first.isEmpty()) {
            return CompletableFuture.completedFuture(true);
        }
        SetOverlap.Side side = DatasetOverlaps.side(first.get());
        return Futures.map(new SetOverlap(session, 0, 50).scan(side, ScanCursor.INITIAL),
                page -> page.members().stream().allMatch(id -> ClassBalance.index(id) >= 0));
    }

    private CompletableFuture<Optional<LabelSource>> array(String key) {
        byte[] bytes = Keys.bytes(key);
        CompletableFuture<Long> length = session.read("STRLEN", c -> c.strlen(bytes));
        CompletableFuture<byte[]> head = session.read("GETRANGE", c -> c.getrange(bytes, 0, HEAD_BYTES - 1));
        return Futures.composeBothAsync(length, head, (n, h) -> {
            if (ValueHeads.isNpy(h)) {
                HeaderRead read = NpyCodec.readHeader(h, n);
                if (read instanceof HeaderRead.Parsed p && p.tensors().size() == 1) {
                    TensorHeader t = p.tensors().get(0);
                    return CompletableFuture.completedFuture(labels(key, "npy", t.dtype(), t.shape()));
                }
                return CompletableFuture.completedFuture(Optional.empty());
            }
            if (n > DECODE_TO_PROBE_MAX) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return Futures.map(session.read("GET", c -> c.get(bytes)), whole -> whole == null ? Optional.empty()
                    : integerArray(whole, key).flatMap(t -> labels(key, formatOf(whole, key), t.dtype(), t.shape())));
        }, session.executor());
    }

    private static String formatOf(byte[] value, String key) {
        return Sniffer.decode(value, ValueContext.ofKey(key)).format();
    }

    /** An integer (or boolean) array of one dimension, or a column: labels; anything else is not. */
    private static Optional<LabelSource> labels(String key, String format, DType dtype, long[] shape) {
        if (!isIntegerLabels(dtype, shape)) {
            return Optional.empty();
        }
        long n = Tensor.elementCount(shape);
        return Optional.of(new LabelSource(key, LabelSource.Kind.ARRAY_BY_INDEX, n, String.format(Locale.ROOT,
                "%s %s array %s: %,d labels, indexed by id", dtype.numpyName(), format, key, n)));
    }

    static boolean isIntegerLabels(DType dtype, long[] shape) {
        boolean integer = dtype != null && (dtype.kind() == DType.Kind.SIGNED || dtype.kind() == DType.Kind.UNSIGNED
                || dtype.kind() == DType.Kind.BOOL);
        boolean vector = shape.length == 1 || shape.length == 2 && shape[1] == 1;
        return integer && vector;
    }

    /** The labels tensor a value decodes to, when it is an integer vector. */
    static Optional<Tensor> integerArray(byte[] value, String key) {
        DecodeResult decoded = Sniffer.decode(value, ValueContext.ofKey(key));
        if (decoded instanceof DecodeResult.Decoded d && d.tensors().size() == 1) {
            Tensor t = d.tensors().get(0);
            return isIntegerLabels(t.dtype(), t.shape()) ? Optional.of(t) : Optional.empty();
        }
        return Optional.empty();
    }
}
