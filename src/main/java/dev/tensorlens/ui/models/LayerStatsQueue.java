package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.LayerInfo;
import dev.tensorlens.redis.CheckpointReader;
import dev.tensorlens.redis.Futures;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.stats.TensorStats;
import dev.tensorlens.ui.common.UiExecutor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Fills the layer table's statistics in the background: rows the user can see first (a row shown on screen jumps
 * the queue), then the rest in order, so the overview chart fills too. Statistics are kept per value (key, field,
 * part) so that a version opened again is not read twice; {@link #changed} forgets the values of rewritten keys and
 * nothing else. Driven on the UI thread.
 */
final class LayerStatsQueue {

    /** Reads running at once: enough to overlap one read's network with another's statistics. */
    static final int PARALLEL = 2;
    /** Tensors larger than this are not read for the table (the detail pane reads them when asked). */
    static final long MAX_BYTES = 512L << 20;

    /** What reading a layer taught: its statistics, and its dtype and shape (news when the header was left unread). */
    private record Learnt(TensorStats stats, DType dtype, long[] shape) {
    }

    private final Map<String, Learnt> known = new HashMap<>();
    private final ReadQueue<LayerRow, Learnt> queue;
    private CheckpointReader reader;

    LayerStatsQueue(UiExecutor ui, Executor background) {
        queue = new ReadQueue<>(ui, PARALLEL, row -> "Reading " + row.name(), row -> {
            row.reading();
            return Futures.mapAsync(reader.load(row.layer(), MAX_BYTES, (done, total) -> { }),
                    t -> new Learnt(TensorStats.of(t), t.dtype(), t.shape()), background);
        }, (row, learnt) -> {
            known.put(id(row.layer()), learnt);
            row.show(learnt.stats(), learnt.dtype(), learnt.shape());
        }, LayerRow::failed);
    }

    /**
     * Called on the UI thread as rows' statistics arrive or fail (the overview redraws): after the first and the last,
     * and at most five times a second in between ({@link ReadQueue#afterEach}).
     */
    void afterEach(Runnable action) {
        queue.afterEach(action);
    }

    /** A new checkpoint: what waited is dropped, reads in flight are cancelled, rows already known are filled. */
    void start(CheckpointReader newReader, List<LayerRow> rows) {
        stop();
        reader = newReader;
        List<LayerRow> unknown = new ArrayList<>();
        for (LayerRow row : rows) {
            Learnt l = known.get(id(row.layer()));
            if (l != null) {
                row.show(l.stats(), l.dtype(), l.shape());
            } else if (row.layer().loadable()) {
                unknown.add(row);
            }
        }
        queue.addAll(unknown);
    }

    void wanted(LayerRow row) {
        queue.wanted(row);
    }

    /** Rewritten or removed keys: their statistics are read again when next needed; the others stay. */
    void changed(Collection<String> keys) {
        Set<String> set = Set.copyOf(keys);
        known.keySet().removeIf(id -> set.contains(id.substring(0, id.indexOf('\u0000'))));
    }

    void forgetAll() {
        known.clear();
    }

    /** Cancels every read; what was learnt stays. */
    void stop() {
        queue.stop().forEach(LayerRow::forget);
    }

    int pending() {
        return queue.pending();
    }

    private static String id(LayerInfo layer) {
        return layer.source().key() + '\u0000' + layer.source().field() + '\u0000' + layer.part();
    }
}
