package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.CheckpointContents;
import dev.tensorlens.mlstate.LayerInfo;
import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelVersion;
import dev.tensorlens.mlstate.ModuleTree;
import dev.tensorlens.redis.CheckpointReader;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * One open checkpoint: its layers from their headers at once (a row each, a module tree over them), then their
 * statistics filling in from the background, visible rows first. Filter by name, or show flagged rows only; totals
 * for what is shown. Rewritten keys (Live) are read again, and only they. Changed on the UI thread.
 */
public final class CheckpointModel {

    public enum Phase { EMPTY, LOADING, LOADED, FAILED }

    private final Jobs listing;
    private final LayerStatsQueue stats;
    private final ObservableList<LayerRow> rows = FXCollections.observableArrayList();
    private final FilteredList<LayerRow> shown = new FilteredList<>(rows);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final BooleanProperty flaggedOnly = new SimpleBooleanProperty(this, "flaggedOnly", false);
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.EMPTY);
    private final ReadOnlyObjectWrapper<CheckpointContents> contents = new ReadOnlyObjectWrapper<>(this, "contents");
    private final ReadOnlyObjectWrapper<ModuleTree.Node> modules = new ReadOnlyObjectWrapper<>(this, "modules");
    private final ReadOnlyStringWrapper totals = new ReadOnlyStringWrapper(this, "totals", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final List<Runnable> statsListeners = new ArrayList<>();
    private final List<Runnable> listedListeners = new ArrayList<>();

    private CheckpointReader reader;
    private BiFunction<ModelEntry, ModelVersion, CompletableFuture<CheckpointContents>> contentsOf;
    private ModelEntry model;
    private ModelVersion version;

    CheckpointModel(UiExecutor ui, Executor background) {
        this.listing = new Jobs(ui);
        this.stats = new LayerStatsQueue(ui, background);
        stats.afterEach(() -> {
            updateTotals();
            statsListeners.forEach(Runnable::run);
        });
        filter.addListener((obs, old, text) -> applyFilter());
        flaggedOnly.addListener((obs, old, on) -> applyFilter());
    }

    /**
     * Lists {@code version}'s layers from their headers ({@code lister}: the caller keeps what it listed), then fills
     * their statistics in the background.
     */
    void open(CheckpointReader newReader, ModelEntry newModel, ModelVersion newVersion,
              BiFunction<ModelEntry, ModelVersion, CompletableFuture<CheckpointContents>> lister) {
        stats.stop();
        reader = newReader;
        contentsOf = lister;
        model = newModel;
        version = newVersion;
        rows.clear();
        contents.set(null);
        modules.set(null);
        error.set(null);
        phase.set(Phase.LOADING);
        totals.set("Reading the tensors' headers…");
        list();
    }

    private void list() {
        ModelVersion asked = version;
        listing.<CheckpointContents>replacing("Listing " + model.name() + " " + version.version())
                .onSuccess(this::show)
                .onFailure(sentence -> {
                    error.set(sentence);
                    phase.set(Phase.FAILED);
                    totals.set("");
                })
                .start(() -> contentsOf.apply(model, asked));
    }

    private void show(CheckpointContents c) {
        List<LayerRow> made = new ArrayList<>();
        for (LayerInfo layer : c.layers()) {
            made.add(new LayerRow(made.size(), layer));
        }
        rows.setAll(made);
        contents.set(c);
        modules.set(ModuleTree.of(c.layers()));
        phase.set(Phase.LOADED);
        stats.start(reader, made);
        applyFilter();
        updateTotals();
        statsListeners.forEach(Runnable::run);
        listedListeners.forEach(Runnable::run);
    }

    /**
     * Runs after each listing, a Live re-listing of the same version too (its contents may be equal to the last, so a
     * property would not tell).
     */
    void onListed(Runnable listener) {
        listedListeners.add(listener);
    }

    /**
     * Keys written or removed meanwhile (Live): when any belongs to the open version, its headers are listed again and
     * the statistics of those keys alone are read again. {@code newVersion} is the open version as the catalogue now
     * has it (it may have gained tensors).
     */
    void changed(Collection<String> keys, ModelVersion newVersion) {
        stats.changed(keys);
        if (version == null || reader == null) {
            return;
        }
        Set<String> mine = Set.copyOf(version.keys());
        boolean touched = keys.stream().anyMatch(mine::contains)
                || (newVersion != null && !newVersion.equals(version));
        if (touched) {
            if (newVersion != null) {
                version = newVersion;
            }
            stats.stop();
            list();
        }
    }

    /** Statistics learnt are dropped (F5, another connection). */
    void forgetAll() {
        stats.forgetAll();
    }

    /** A row came on screen: its statistics are read before the others'. */
    public void wanted(LayerRow row) {
        stats.wanted(row);
    }

    void close() {
        listing.cancelAll();
        stats.stop();
        rows.clear();
        contents.set(null);
        modules.set(null);
        model = null;
        version = null;
        phase.set(Phase.EMPTY);
        totals.set("");
    }

    /**
     * Runs as the layers' statistics arrive, at most five times a second but always after the last (and when a
     * checkpoint is listed): the overview redraws.
     */
    void onStats(Runnable listener) {
        statsListeners.add(listener);
    }

    private void applyFilter() {
        String needle = filter.get() == null ? "" : filter.get().trim().toLowerCase(Locale.ROOT);
        boolean flagged = flaggedOnly.get();
        shown.setPredicate(needle.isEmpty() && !flagged ? null : row ->
                row.name().toLowerCase(Locale.ROOT).contains(needle) && (!flagged || row.flagged()));
        updateTotals();
    }

    private void updateTotals() {
        if (contents.get() == null) {
            return;
        }
        long parameters = 0;
        long bytes = 0;
        int flagged = 0;
        int done = 0;
        for (LayerRow row : shown) {
            parameters += row.layer().parameters();
            bytes += row.layer().bytes();
            flagged += row.flagged() ? 1 : 0;
            done += row.stateProperty().get() == LayerRow.State.DONE ? 1 : 0;
        }
        StringBuilder text = new StringBuilder();
        text.append(HumanReadable.count(shown.size())).append(shown.size() == 1 ? " tensor" : " tensors");
        if (shown.size() != rows.size()) {
            text.append(" of ").append(HumanReadable.count(rows.size()));
        }
        text.append(" · ").append(HumanReadable.count(parameters)).append(" parameters · ")
                .append(HumanReadable.bytes(bytes));
        if (flagged > 0) {
            text.append(" · ").append(flagged).append(" flagged");
        }
        int pending = stats.pending();
        if (pending > 0) {
            text.append(" · statistics ").append(HumanReadable.count(done)).append(" of ")
                    .append(HumanReadable.count(shown.size())).append("…");
        }
        totals.set(text.toString());
    }

    public ObservableList<LayerRow> rows() {
        return rows;
    }

    /** The rows the filter lets through, in checkpoint order (the table sorts its own view of them). */
    public ObservableList<LayerRow> shownRows() {
        return shown;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public BooleanProperty flaggedOnlyProperty() {
        return flaggedOnly;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CheckpointContents> contentsProperty() {
        return contents.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ModuleTree.Node> modulesProperty() {
        return modules.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty totalsProperty() {
        return totals.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public boolean statisticsPending() {
        return stats.pending() > 0;
    }

    ModelVersion version() {
        return version;
    }

    ModelEntry model() {
        return model;
    }
}
