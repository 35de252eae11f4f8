package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.CheckpointContents;
import dev.tensorlens.mlstate.MlStateIndex;
import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelVersion;
import dev.tensorlens.mlstate.TensorRef;
import dev.tensorlens.redis.CheckpointReader;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.NextFrameOnce;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.UiExecutor;
import dev.tensorlens.ui.common.ViewTarget;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The Models view's state: the models the catalogue found (filtered by the search field), the open checkpoint and its
 * layer table, the picked layer's plots and history, and a comparison of two versions. Every read goes through one
 * {@link CheckpointReader} per connection; a version's headers are listed once and kept until its keys change. While
 * Live is on, new versions and rewritten tensors show up by themselves. Changed on the UI thread.
 */
public final class ModelsModel {

    private final CatalogueModel catalogue;
    private final SessionModel session;
    private final Executor background;
    private final ObservableList<ModelEntry> all = FXCollections.observableArrayList();
    private final FilteredList<ModelEntry> shown = new FilteredList<>(all);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ReadOnlyObjectWrapper<ModelEntry> openModel = new ReadOnlyObjectWrapper<>(this, "openModel");
    private final ReadOnlyObjectWrapper<ModelVersion> openVersion = new ReadOnlyObjectWrapper<>(this, "openVersion");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice");
    private final CheckpointModel checkpoint;
    private final LayerDetailModel detail;
    private final ComparisonModel comparison;
    private final HistoryModel history;
    private final Map<String, Listing> listed = new HashMap<>();

    private CheckpointReader reader;
    private String pickAfterListing;
    /** A key another view asked for before the listing reached it. */
    private ViewTarget pendingTarget;
    private boolean opened;
    /** Shown once: only then does a checkpoint open by itself. */
    private boolean started;
    /** The first model's newest version opening by itself, a frame after its listing. */
    private final NextFrameOnce openFirst;

    public ModelsModel(CatalogueModel catalogue, SessionModel session, UiExecutor ui, Executor background,
                       TaskList tasks) {
        this.catalogue = catalogue;
        this.session = session;
        this.background = background;
        this.openFirst = new NextFrameOnce(ui, this::firstOpensByItself, this::openFirstNewest);
        this.checkpoint = new CheckpointModel(ui, background);
        this.detail = new LayerDetailModel(ui, background, tasks);
        this.comparison = new ComparisonModel(ui, background);
        this.history = new HistoryModel(ui, background);
        search.addListener((obs, old, text) -> applySearch());
        catalogue.indexProperty().addListener((obs, old, index) -> indexChanged(index));
        catalogue.onChanges(this::keysChanged);
        session.sessionProperty().addListener((obs, old, s) -> connectionChanged());
        // every listing, a Live re-listing of the same version too (its phase stays LOADED, its contents are new)
        checkpoint.onListed(this::listed);
        catalogue.phaseProperty().addListener((obs, old, phase) -> {
            if (phase == CatalogueModel.Phase.READY && pendingTarget != null) {
                open(pendingTarget); // the listing is complete: found now, or said not to be a model's
            }
        });
        indexChanged(catalogue.indexProperty().get());
    }

    /**
     * The view is shown (only the first call counts): the catalogue is walked once per connection, and from now on a checkpoint
     * opens by itself (a view made ahead reads nothing the user has not come to see).
     */
    public void start() {
        if (started) {
            return; // shown again: the walk and what opened stay
        }
        started = true;
        catalogue.ensureScanned();
        indexChanged(catalogue.indexProperty().get());
    }

    /** F5: the catalogue is walked again. */
    public void refresh() {
        forgetAll();
        ModelVersion version = openVersion.get();
        if (version != null) {
            checkpoint.changed(version.keys(), null); // read again now, not from what was remembered
        }
        catalogue.rescan();
    }

    /** Everything learnt from the server: headers, listings, statistics, comparisons, histories. */
    private void forgetAll() {
        listed.clear();
        if (reader != null) {
            reader.forgetAll();
        }
        checkpoint.forgetAll();
        comparison.forgetAll();
        history.forgetAll();
    }

    /** Opens a version of a model: its layer table, and a comparison of its versions. */
    public void open(ModelEntry model, ModelVersion version) {
        RedisSession s = session.session();
        if (s == null || model == null || version == null) {
            return;
        }
        opened = true;
        notice.set(null);
        boolean sameVersion = model.isSameModel(openModel.get()) && openVersion.get() != null
                && openVersion.get().version().equals(version.version());
        openModel.set(model);
        openVersion.set(version);
        if (!sameVersion) {
            String picked = detail.rowProperty().get() == null ? null : detail.rowProperty().get().name();
            detail.clear();
            pickAfterListing = picked; // the same layer in the other version, when it has one
            checkpoint.open(reader(s), model, version, this::contentsOf);
        }
        comparison.open(reader(s), model, this::contentsOf);
    }

    /** The user picked a layer in the table, the module tree or the overview chart. */
    public void pick(LayerRow row) {
        RedisSession s = session.session();
        if (s == null || row == null) {
            detail.clear();
            history.clear();
            return;
        }
        detail.show(reader(s), row);
        history.show(reader(s), openModel.get(), row.name(), this::contentsOf);
    }

    /**
     * A checkpoint was listed: the layer asked for is picked (read again when its key was rewritten), the picked
     * layer follows its new row, or the first matrix is picked when nothing is.
     */
    private void listed() {
        String name = pickAfterListing;
        pickAfterListing = null;
        LayerRow shown = detail.rowProperty().get();
        Optional<LayerRow> asked = rowNamed(name);
        if (asked.isPresent()) {
            pick(asked.get());
        } else if (shown != null && rowNamed(shown.name()).isPresent()) {
            detail.adopt(rowNamed(shown.name()).get()); // the same values under a new row: nothing read again
        } else if (shown == null) {
            firstToShow().ifPresent(this::pick);
        }
    }

    private Optional<LayerRow> rowNamed(String name) {
        return name == null ? Optional.empty()
                : checkpoint.rows().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** What to plot when a checkpoint opens and nothing is picked: its first matrix (a heatmap says most), else its first layer. */
    private Optional<LayerRow> firstToShow() {
        return checkpoint.rows().stream().filter(r -> r.layer().readable() && r.layer().shape().length >= 2).findFirst()
                .or(() -> checkpoint.rows().stream().filter(r -> r.layer().readable()).findFirst());
    }

    /** Another view asked for a key (and field): the version that holds it is opened, the layer picked. */
    public void open(ViewTarget target) {
        pendingTarget = null;
        if (!openTarget(target)) {
            if (catalogue.phaseProperty().get() == CatalogueModel.Phase.READY) {
                notice.set(target.keyText() + " is not part of a model the catalogue knows.");
            } else {
                pendingTarget = target; // the listing is still running: tried again as models arrive
            }
        }
    }

    private boolean openTarget(ViewTarget target) {
        String key = target.keyText();
        for (ModelEntry m : all) {
            for (ModelVersion v : m.versions()) {
                Optional<TensorRef> ref = v.tensors().stream().filter(t -> t.key().equals(key)
                        && (target.field() == null || target.field().equals(t.field()))).findFirst();
                if (ref.isPresent()) {
                    // a field, or a key that holds one tensor, names a layer; a whole checkpoint hash does not
                    boolean oneTensor = v.tensors().stream().filter(t -> t.key().equals(key)).count() == 1;
                    String layer = target.field() != null || oneTensor ? ref.get().name() : null;
                    boolean alreadyListed = checkpoint.contentsProperty().get() != null && m.isSameModel(openModel.get())
                            && openVersion.get() != null && openVersion.get().version().equals(v.version());
                    opened = true;
                    open(m, v);
                    if (alreadyListed) {
                        rowNamed(layer).ifPresent(this::pick);
                    } else {
                        pickAfterListing = layer;
                    }
                    return true;
                }
            }
        }
        return false;
    }

    /** A version's layers from their headers, listed once and kept until one of its keys is written. */
    CompletableFuture<CheckpointContents> contentsOf(ModelEntry model, ModelVersion version) {
        String id = model.name() + '\u0000' + model.layout() + '\u0000' + model.variant() + '\u0000'
                + version.version() + '\u0000' + version.tensors().hashCode();
        Listing known = listed.get(id);
        if (known == null || known.contents().isCompletedExceptionally() || known.contents().isCancelled()) {
            // sent from a worker: a checkpoint of 500 tensors is 1,000 commands, each encoded and queued by the
            // thread that sends it (tens of ms of the FX thread, in the frame that opens the version)
            CheckpointReader r = reader(session.session());
            known = new Listing(version, CompletableFuture.supplyAsync(() -> r.contents(model, version), background)
                    .thenCompose(contents -> contents));
            listed.put(id, known);
        }
        // each caller gets its own copy: one that gives up (a version switched away from) cancels its copy only
        return known.contents().copy();
    }

    /** A version's listing, kept with the version so that a rewrite of one of its keys drops it, finished or not. */
    private record Listing(ModelVersion version, CompletableFuture<CheckpointContents> contents) {
    }

    private CheckpointReader reader(RedisSession s) {
        if (reader == null) {
            reader = new CheckpointReader(s, background).remembering();
        }
        return reader;
    }

    private void connectionChanged() {
        forgetAll(); // another server may use the same key names for other values
        reader = null;
        opened = false;
        checkpoint.close();
        detail.clear();
        comparison.close();
        history.clear();
        openModel.set(null);
        openVersion.set(null);
        notice.set(null);
        pendingTarget = null;
    }

    /** The first model's newest version opens by itself when nothing is open and nothing was asked for. */
    private boolean firstOpensByItself() {
        List<ModelEntry> models = catalogue.indexProperty().get().models();
        return started && !opened && openModel.get() == null && !models.isEmpty()
                && !models.get(0).versions().isEmpty();
    }

    private void openFirstNewest() {
        ModelEntry first = catalogue.indexProperty().get().models().get(0);
        open(first, first.versions().get(first.versions().size() - 1));
    }

    private void indexChanged(MlStateIndex index) {
        all.setAll(index.models());
        applySearch();
        if (pendingTarget != null) {
            ViewTarget target = pendingTarget;
            if (openTarget(target)) {
                pendingTarget = null;
                return;
            }
            if (catalogue.phaseProperty().get() == CatalogueModel.Phase.READY) {
                pendingTarget = null;
                notice.set(target.keyText() + " is not part of a model the catalogue knows.");
            }
        }
        ModelEntry current = openModel.get();
        if (current == null) {
            openFirst.request(); // in a frame after the one that lists it: each frame styles and lays out half
            return;
        }
        Optional<ModelEntry> now = index.models().stream().filter(m -> m.isSameModel(current)).findFirst();
        if (now.isEmpty()) {
            if (catalogue.phaseProperty().get() == CatalogueModel.Phase.READY) {
                notice.set(current.name() + " is no longer in the database.");
            }
            return;
        }
        ModelEntry model = now.get();
        if (model.equals(current)) {
            return;
        }
        openModel.set(model);
        Optional<ModelVersion> version = model.version(openVersion.get().version());
        if (version.isEmpty()) {
            notice.set(current.name() + " " + openVersion.get().version() + " is no longer in the database.");
        } else {
            if (!version.get().equals(openVersion.get())) {
                openVersion.set(version.get());
                checkpoint.changed(List.of(), version.get());
            }
        }
        RedisSession s = session.session();
        if (s != null) {
            comparison.open(reader(s), model, this::contentsOf);
            LayerRow picked = detail.rowProperty().get();
            if (picked != null) {
                history.show(reader(s), model, picked.name(), this::contentsOf);
            }
        }
    }

    private void keysChanged(List<String> keys) {
        if (reader != null) {
            reader.forget(keys);
        }
        listed.values().removeIf(l -> l.version().keys().stream().anyMatch(keys::contains));
        LayerRow picked = detail.rowProperty().get();
        if (picked != null && keys.contains(picked.layer().source().key())) {
            pickAfterListing = picked.name(); // its values changed: read again once its version is listed again
        }
        checkpoint.changed(keys, null);
        comparison.changed(keys);
        RedisSession s = session.session();
        // the history is asked again only when one of its steps was rewritten (other writes leave its reads alone),
        // and not when the picked layer itself was: picking it again after the listing asks for its history then
        boolean historyStale = history.changed(keys);
        if (historyStale && pickAfterListing == null && picked != null && s != null && openModel.get() != null) {
            history.show(reader(s), openModel.get(), picked.name(), this::contentsOf);
        }
    }

    private void applySearch() {
        String needle = search.get() == null ? "" : search.get().trim().toLowerCase(Locale.ROOT);
        shown.setPredicate(needle.isEmpty() ? null : m -> m.name().toLowerCase(Locale.ROOT).contains(needle)
                || m.versionNames().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(needle)));
    }

    public ObservableList<ModelEntry> models() {
        return shown;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ReadOnlyObjectProperty<ModelEntry> openModelProperty() {
        return openModel.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ModelVersion> openVersionProperty() {
        return openVersion.getReadOnlyProperty();
    }

    /** Something the user should know about the open model (it went away, a key it asked for is not a model's). */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public CatalogueModel catalogue() {
        return catalogue;
    }

    public CheckpointModel checkpoint() {
        return checkpoint;
    }

    public LayerDetailModel detail() {
        return detail;
    }

    public ComparisonModel comparison() {
        return comparison;
    }

    public HistoryModel history() {
        return history;
    }
}
