package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.CheckpointContents;
import dev.tensorlens.mlstate.LayerInfo;
import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelVersion;
import dev.tensorlens.redis.CheckpointReader;
import dev.tensorlens.redis.Futures;
import dev.tensorlens.tensor.stats.Percentiles;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * How one layer's distribution moved across every version of the model (percentile bands per version, as
 * TensorBoard draws them): each version's values are read once and summarised; a version that appears later (Live)
 * adds its step without the others being read again. Changed on the UI thread.
 */
public final class HistoryModel {

    /** One step of the history: a version, and its layer's percentiles (null while read or when it lacks the layer). */
    public record Step(String version, Percentiles percentiles, String note) {
    }

    /** A version's layer and its summary: the layer says which key a rewrite must touch to make it stale. */
    private record Summary(LayerInfo layer, Percentiles percentiles) {
    }

    /** Summaries by model, version and layer name; kept until one of their keys is written, or F5. */
    private final Map<String, Summary> known = new HashMap<>();
    private final ReadQueue<String, Summary> queue;
    private final ReadOnlyObjectWrapper<List<Step>> steps = new ReadOnlyObjectWrapper<>(this, "steps", List.of());
    private final ReadOnlyStringWrapper layerName = new ReadOnlyStringWrapper(this, "layer");
    private final Map<String, String> notes = new HashMap<>();

    private CheckpointReader reader;
    private ModelEntry model;
    private BiFunction<ModelEntry, ModelVersion, CompletableFuture<CheckpointContents>> contentsOf;

    HistoryModel(UiExecutor ui, Executor background) {
        queue = new ReadQueue<>(ui, 1, v -> "Summarising " + layerName.get() + " in " + v, version -> {
            // runs on the UI thread: what the read needs is taken now, not from fields read on other threads later
            String name = layerName.get();
            CheckpointReader r = reader;
            CompletableFuture<LayerInfo> layer = contentsOf.apply(model, model.version(version).orElseThrow())
                    .thenApply(c -> c.byName().get(name));
            return Futures.compose(layer, l -> l == null ? CompletableFuture.completedFuture(new Summary(null, null))
                    : Futures.mapAsync(r.load(l, ComparisonModel.MAX_BYTES, (d, t) -> { }),
                            t -> new Summary(l, Percentiles.of(t, Percentiles.DEFAULT_Q)), background));
        }, (version, summary) -> {
            if (summary.layer() == null) {
                notes.put(version, "no layer of this name");
            } else {
                known.put(id(version), summary);
            }
            publish();
        }, (version, sentence) -> {
            notes.put(version, sentence);
            publish();
        });
    }

    /** The history of {@code layer} over {@code entry}'s versions, reading only the versions not summarised yet. */
    void show(CheckpointReader newReader, ModelEntry entry, String layer,
              BiFunction<ModelEntry, ModelVersion, CompletableFuture<CheckpointContents>> lister) {
        if (entry != null && layer != null && layer.equals(layerName.get()) && newReader == reader && model != null
                && model.isSameModel(entry)) {
            // the same history, perhaps with a new version: reads in flight go on, only what is new is added
            model = entry;
            contentsOf = lister;
            queue.addAll(entry.versionNames().stream().filter(v -> !known.containsKey(id(v)) && !queue.has(v)).toList());
            publish();
            return;
        }
        queue.stop();
        reader = newReader;
        model = entry;
        contentsOf = lister;
        layerName.set(layer);
        notes.clear();
        if (entry == null || layer == null) {
            steps.set(List.of());
            return;
        }
        List<String> toRead = new ArrayList<>();
        for (String version : entry.versionNames()) {
            if (!known.containsKey(id(version))) {
                toRead.add(version);
            }
        }
        publish();
        queue.addAll(toRead);
    }

    /**
     * Rewritten keys (Live): the summaries of layers that live in them are dropped. True when the shown history lost
     * a step (it is then worth showing again); other writes leave it, and its reads, alone.
     */
    boolean changed(Collection<String> keys) {
        Set<String> set = Set.copyOf(keys);
        List<String> stale = known.entrySet().stream()
                .filter(e -> set.contains(e.getValue().layer().source().key())).map(Map.Entry::getKey).toList();
        stale.forEach(known::remove);
        boolean shownLost = model != null && model.versionNames().stream().anyMatch(v -> stale.contains(id(v)));
        return shownLost;
    }

    void forgetAll() {
        known.clear();
    }

    void clear() {
        queue.stop();
        model = null;
        layerName.set(null);
        steps.set(List.of());
    }

    private void publish() {
        if (model == null) {
            return;
        }
        List<Step> made = new ArrayList<>();
        for (String version : model.versionNames()) {
            Summary summary = known.get(id(version));
            made.add(new Step(version, summary == null ? null : summary.percentiles(), notes.get(version)));
        }
        steps.set(List.copyOf(made));
    }

    private String id(String version) {
        return model.name() + '\u0000' + model.layout() + '\u0000' + model.variant() + '\u0000' + version + '\u0000'
                + layerName.get();
    }

    public ReadOnlyObjectProperty<List<Step>> stepsProperty() {
        return steps.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty layerNameProperty() {
        return layerName.getReadOnlyProperty();
    }

    public boolean busy() {
        return queue.pending() > 0;
    }
}
