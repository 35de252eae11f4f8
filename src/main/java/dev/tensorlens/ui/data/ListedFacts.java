package dev.tensorlens.ui.data;

import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.redis.ArrayHeader;
import dev.tensorlens.redis.ArrayReader;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The dtype, shape and size of each listed array, for the list itself, read from its header one array at a time in
 * the background (the first bytes of a value; a list's first item) with a reader of its own. At most
 * {@link #MAX_LISTED} arrays are described; an array rewritten while Live is on is described again. Changed on the UI
 * thread.
 */
final class ListedFacts {

    /** Arrays described for the list; a catalogue of more shows the rest by name alone. */
    static final int MAX_LISTED = 2000;

    private final Jobs jobs;
    private final ObservableMap<CachedArray, String> facts = FXCollections.observableHashMap();
    private final Deque<CachedArray> waiting = new ArrayDeque<>();
    private ArrayReader reader;
    private boolean reading;

    ListedFacts(UiExecutor ui) {
        this.jobs = new Jobs(ui);
    }

    /** Describes the arrays of {@code all} not described yet, in the list's order. */
    void describe(ArrayReader r, List<CachedArray> all) {
        reader = r;
        waiting.clear();
        for (CachedArray a : all) {
            if (facts.size() + waiting.size() >= MAX_LISTED) {
                break;
            }
            if (!facts.containsKey(a)) {
                waiting.add(a);
            }
        }
        if (!reading) {
            next();
        }
    }

    /** {@code keys} were written: their arrays are described again. */
    void forget(List<String> keys) {
        facts.keySet().removeIf(a -> keys.contains(a.location().key()));
    }

    void clear() {
        jobs.cancelAll();
        waiting.clear();
        facts.clear();
        reading = false;
        reader = null;
    }

    private void next() {
        CachedArray a = waiting.poll();
        if (a == null || reader == null) {
            reading = false;
            return;
        }
        reading = true;
        jobs.<List<ArrayHeader>>job("Describing " + a.location().key())
                .onSuccess(headers -> {
                    reader.forget(); // a JSON value read whole to tell its shape is not kept for the list
                    facts.put(a, words(headers));
                    next();
                })
                .onFailure(sentence -> {
                    facts.put(a, "unreadable");
                    next();
                })
                .start(() -> reader.headers(a));
    }

    /** {@code uint8 (32, 28, 28) · 24.5 KiB}, {@code text · 12 items}, or why it cannot be read. */
    static String words(List<ArrayHeader> headers) {
        if (headers.isEmpty()) {
            return "empty";
        }
        ArrayHeader h = headers.get(0);
        String more = headers.size() > 1 ? " +" + (headers.size() - 1) : "";
        return switch (h.kind()) {
            case TENSOR -> h.dtype().numpyName() + " " + Tensor.shapeText(h.shape()) + " · "
                    + HumanReadable.bytes(h.dataBytes()) + more;
            case TEXT -> "text · " + HumanReadable.count(h.rows()) + (h.rows() == 1 ? " item" : " items");
            case UNREADABLE -> "unreadable";
        };
    }

    /** Each described array's facts in words. */
    ObservableMap<CachedArray, String> facts() {
        return facts;
    }
}
