package dev.tensorlens.ui.data;

import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.mlstate.CachedArrayGroups;
import dev.tensorlens.mlstate.MlStateIndex;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.redis.ArrayHeader;
import dev.tensorlens.redis.ArrayReader;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.tensor.image.ValueRange;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.NextFrameOnce;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.UiExecutor;
import dev.tensorlens.ui.common.ViewTarget;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The Data view's state: the cached arrays the catalogue found, grouped by prefix and filtered by the search field;
 * the open array's header (read from its first bytes), and its previews — a table page, a grid of images, text, a
 * summary streamed over all of it — with the labels found beside it. Nothing is read whole that can be read in
 * part. Changed on the UI thread.
 */
public final class DataModel {

    /** How the open array is shown. */
    public enum Mode { TABLE, IMAGES, TEXT, SUMMARY }

    public enum Phase { EMPTY, LOADING, LOADED, FAILED }

    private final CatalogueModel catalogue;
    private final SessionModel session;
    private final Executor background;
    private final Jobs opening;
    private final List<CachedArray> all = new ArrayList<>();
    private final ObservableList<CachedArrayGroups.Group> groups = FXCollections.observableArrayList();
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ReadOnlyObjectWrapper<CachedArray> open = new ReadOnlyObjectWrapper<>(this, "open");
    private final ObservableList<ArrayHeader> parts = FXCollections.observableArrayList();
    private final ObjectProperty<ArrayHeader> header = new SimpleObjectProperty<>(this, "header");
    private final ObservableList<Mode> modes = FXCollections.observableArrayList();
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode");
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.EMPTY);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private final TablePreview table;
    private final ImagePreview images;
    private final TextPreview text;
    private final ArraySummary summary;
    private final LabelsBeside labels;
    private final ListedFacts listed;
    private ArrayReader reader;
    /**
     * Reads the arrays beside the open one (labels, class names, a vocabulary) with a reader of their own: the open
     * array's reader keeps one value read whole (a hash field, JSON, Fortran order) for its next page, and a side read
     * through it would drop that value.
     */
    private ArrayReader sideReader;
    /** Reads the headers of the listed arrays for the list's facts, apart from the open array's reads. */
    private ArrayReader listReader;
    private ViewTarget pendingTarget;
    private boolean opened;
    /** The first array's opening by itself, a frame after the listing's last. */
    private final NextFrameOnce openFirst;
    /** Shown once: only then does an array open by itself. */
    private boolean started;
    /** The table's page when another preview shows, and the summary: a frame later, not taking that frame's CPUs. */
    private final NextFrameOnce unseenPreviews;

    public DataModel(CatalogueModel catalogue, SessionModel session, UiExecutor ui, Executor background,
                     TaskList tasks) {
        this.catalogue = catalogue;
        this.session = session;
        this.background = background;
        this.openFirst = new NextFrameOnce(ui, this::firstOpensByItself, () -> open(firstToShow()));
        this.opening = new Jobs(ui);
        this.table = new TablePreview(ui, background);
        this.images = new ImagePreview(ui, background);
        this.text = new TextPreview(ui);
        this.summary = new ArraySummary(ui, tasks);
        this.labels = new LabelsBeside(ui);
        this.unseenPreviews = new NextFrameOnce(ui, () -> header.get() != null && reader != null
                && header.get().kind() == ArrayHeader.Kind.TENSOR, () -> {
            if (table.header() != header.get()) {
                table.show(reader, header.get());
            }
            summary.show(reader, header.get());
        });
        this.listed = new ListedFacts(ui);
        search.addListener((obs, old, now) -> regroup());
        header.addListener((obs, old, h) -> showHeader(h));
        mode.addListener((obs, old, m) -> showImagesIfAsked());
        summary.statsProperty().addListener((obs, old, s) -> images.rangeProperty().set(
                s == null || s.finiteCount() == 0 ? null : ValueRange.span(s.min(), s.max())));
        catalogue.indexProperty().addListener((obs, old, index) -> indexChanged(index));
        catalogue.onChanges(this::keysChanged);
        session.sessionProperty().addListener((obs, old, s) -> connectionChanged());
        catalogue.phaseProperty().addListener((obs, old, p) -> {
            if (p == CatalogueModel.Phase.READY && pendingTarget != null) {
                open(pendingTarget);
            }
            if (p == CatalogueModel.Phase.READY || p == CatalogueModel.Phase.FAILED) {
                openFirst.request(); // in a frame after the listing's last: each frame styles and lays out half
            }
        });
        indexChanged(catalogue.indexProperty().get());
    }

    /**
     * The view is shown (only the first call counts): the catalogue is walked once per connection, and from now on an
     * array opens by itself (a view made ahead reads nothing the user has not come to see).
     */
    public void start() {
        if (started) {
            return; // shown again: the walk and what opened stay
        }
        started = true;
        catalogue.ensureScanned();
        indexChanged(catalogue.indexProperty().get());
    }

    /**
     * Once the listing is over (complete, or stopped by an error with what it found), and only then, an array opens by
     * itself when none is open and none was asked for: which one says most (see {@link #firstToShow}) depends on all of
     * them. The walk lists hashes before the other keys, and a partial listing published meanwhile held a batch without
     * the labels found beside it later, or only the tutorial's hash: picked from that, the view opened a table where
     * the batch's images were to be.
     */
    private boolean firstOpensByItself() {
        CatalogueModel.Phase listing = catalogue.phaseProperty().get();
        return started && !opened && open.get() == null && !all.isEmpty()
                && (listing == CatalogueModel.Phase.READY || listing == CatalogueModel.Phase.FAILED);
    }

    /** F5: the catalogue is walked again, and the open array read again. */
    public void refresh() {
        CachedArray now = open.get();
        if (now != null) {
            open(now);
        }
        catalogue.rescan();
    }

    /** Opens an array: its header first, then the preview that suits it. */
    public void open(CachedArray array) {
        RedisSession s = session.session();
        if (s == null || array == null) {
            return;
        }
        opened = true;
        closePreviews();
        open.set(array);
        parts.clear();
        header.set(null);
        phase.set(Phase.LOADING);
        message.set("Reading the header of " + array.location().key() + "…");
        ArrayReader r = reader(s);
        r.forget(); // the value kept for the last array is another's
        opening.<List<ArrayHeader>>replacing("Opening " + array.location().key())
                .onSuccess(found -> {
                    if (found.isEmpty()) {
                        phase.set(Phase.FAILED);
                        message.set(array.location().key() + " holds nothing to preview.");
                        return;
                    }
                    parts.setAll(found);
                    header.set(found.get(0));
                })
                .onFailure(sentence -> {
                    phase.set(Phase.FAILED);
                    message.set(sentence);
                })
                .start(() -> r.headers(array));
    }

    private void showHeader(ArrayHeader h) {
        closePreviews();
        if (h == null) {
            modes.clear();
            return;
        }
        List<Mode> fit = new ArrayList<>();
        switch (h.kind()) {
            case UNREADABLE -> {
                phase.set(Phase.FAILED);
                message.set(h.problem());
                modes.clear();
                return;
            }
            case TEXT -> fit.add(Mode.TEXT);
            case TENSOR -> {
                // a batch or a picture with channels opens as images; a plain matrix as a table, unless named as pixels
                boolean images = ImagePreview.showsImages(h);
                boolean imagesFirst = images && (h.shape().length > 2 || IMAGE_NAMES.contains(
                        h.array().label().toLowerCase(Locale.ROOT)));
                if (imagesFirst) {
                    fit.add(Mode.IMAGES);
                }
                fit.add(Mode.TABLE);
                if (images && !imagesFirst) {
                    fit.add(Mode.IMAGES);
                }
                fit.add(Mode.SUMMARY);
            }
        }
        phase.set(Phase.LOADED);
        message.set(h.note());
        Mode before = mode.get();
        boolean samePart = parts.contains(h) && parts.size() > 1 && before != null && fit.contains(before);
        modes.setAll(fit);
        // another tensor of the same value keeps the mode the user was in; another array opens in what suits it
        mode.set(samePart ? before : fit.get(0));
        switch (h.kind()) {
            case TEXT -> text.show(reader, sideReader, h, CachedArrayGroups.vocabularyBeside(h.array(), all));
            case TENSOR -> {
                if (mode.get() == Mode.TABLE) {
                    table.show(reader, h);
                }
                showImagesIfAsked();
                labels.show(sideReader, h, samples(h), all);
                unseenPreviews.request();
            }
            default -> { }
        }
    }

    /** How many samples a batch holds: its first dimension (a scalar is one). */
    private static long samples(ArrayHeader h) {
        return h.shape().length == 0 ? 1 : h.shape()[0];
    }

    /** The images are read when their mode is picked, not before: a matrix opened as a table reads no picture. */
    private void showImagesIfAsked() {
        ArrayHeader h = header.get();
        if (mode.get() == Mode.IMAGES && h != null && reader != null && !images.shows(h)
                && ImagePreview.showsImages(h)) {
            images.show(reader, h);
        }
    }

    private void closePreviews() {
        table.clear();
        images.clear();
        text.clear();
        summary.clear();
        labels.clear();
    }

    /** Another view asked for a key (and field): its array is opened. */
    public void open(ViewTarget target) {
        pendingTarget = null;
        opened = true; // asked for: no other array opens by itself, found or not
        Optional<CachedArray> found = all.stream().filter(a -> a.location().key().equals(target.keyText())
                && (target.field() == null || target.field().equals(a.location().field()))).findFirst();
        if (found.isPresent()) {
            open(found.get());
        } else if (catalogue.phaseProperty().get() == CatalogueModel.Phase.READY) {
            message.set(target.keyText() + " is not a cached array the catalogue knows.");
        } else {
            pendingTarget = target;
        }
    }

    private ArrayReader reader(RedisSession s) {
        if (reader == null) {
            reader = new ArrayReader(s, background);
            sideReader = new ArrayReader(s, background);
            listReader = new ArrayReader(s, background);
        }
        return reader;
    }

    private void connectionChanged() {
        opening.cancelAll();
        listed.clear();
        closePreviews();
        if (reader != null) {
            reader.forget();
            sideReader.forget();
            listReader.forget();
        }
        reader = null;
        sideReader = null;
        listReader = null;
        opened = false;
        open.set(null);
        parts.clear();
        header.set(null);
        phase.set(Phase.EMPTY);
        message.set(null);
        pendingTarget = null;
    }

    private void indexChanged(MlStateIndex index) {
        all.clear();
        all.addAll(index.cachedArrays());
        regroup();
        ArrayHeader h = header.get();
        if (h != null && sideReader != null) { // what sits beside it may be listed only now
            labels.catalogueGrew(sideReader, h, samples(h), all);
            text.catalogueGrew(sideReader, h, all);
        }
        if (pendingTarget != null) {
            open(pendingTarget);
        }
        CachedArray now = open.get();
        if (now == null) {
            openFirst.request();
        } else if (!all.contains(now) && catalogue.phaseProperty().get() == CatalogueModel.Phase.READY) {
            message.set(now.location().key() + " is no longer in the database.");
        }
    }

    /**
     * What to open when nothing is: a batch with labels beside it says most at a glance, one named like images first
     * (raw pixels draw as a grid); else the first array that is not a list.
     */
    private CachedArray firstToShow() {
        List<CachedArray> ordered = CachedArrayGroups.of(all).stream().flatMap(g -> g.arrays().stream()).toList();
        CachedArray labelled = null;
        for (CachedArray a : ordered) {
            if (a.type() == RedisType.LIST || CachedArrayGroups.labelsBeside(a, all).isEmpty()) {
                continue;
            }
            if (IMAGE_NAMES.contains(a.label().toLowerCase(Locale.ROOT))) {
                return a;
            }
            if (labelled == null) {
                labelled = a;
            }
        }
        if (labelled != null) {
            return labelled;
        }
        return ordered.stream().filter(a -> a.type() != RedisType.LIST).findFirst().orElse(ordered.get(0));
    }

    /** Names pipelines give arrays of pixels. */
    private static final Set<String> IMAGE_NAMES = Set.of("images", "image", "imgs", "img",
            "raw", "pixels", "x");

    /** Keys written while Live is on: the open array is read again when it was one of them. */
    private void keysChanged(List<String> keys) {
        listed.forget(keys);
        CachedArray now = open.get();
        if (now != null && keys.contains(now.location().key())) {
            open(now);
        }
    }

    private void regroup() {
        String needle = search.get() == null ? "" : search.get().trim().toLowerCase(Locale.ROOT);
        List<CachedArray> shown = needle.isEmpty() ? all : all.stream()
                .filter(a -> a.location().key().toLowerCase(Locale.ROOT).contains(needle)
                        || (a.location().field() != null && a.location().field().toLowerCase(Locale.ROOT).contains(needle)))
                .toList();
        groups.setAll(CachedArrayGroups.of(shown));
        RedisSession s = session.session();
        if (s != null) {
            // described in the order they are listed, those the filter shows first
            reader(s);
            listed.describe(listReader, groups.stream().flatMap(g -> g.arrays().stream()).toList());
        }
    }

    /** The dtype, shape and size of listed arrays in words, as their headers are read; absent until then. */
    public ObservableMap<CachedArray, String> listedFacts() {
        return listed.facts();
    }

    public ObservableList<CachedArrayGroups.Group> groups() {
        return groups;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ReadOnlyObjectProperty<CachedArray> openProperty() {
        return open.getReadOnlyProperty();
    }

    /** The tensors of the open value (several for a safetensors blob); the one shown is {@link #headerProperty}. */
    public ObservableList<ArrayHeader> parts() {
        return parts;
    }

    public ObjectProperty<ArrayHeader> headerProperty() {
        return header;
    }

    public ObservableList<Mode> modes() {
        return modes;
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** What is happening, went wrong, or is worth knowing about the open array, in words. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public CatalogueModel catalogue() {
        return catalogue;
    }

    public TablePreview table() {
        return table;
    }

    public ImagePreview images() {
        return images;
    }

    public TextPreview text() {
        return text;
    }

    public ArraySummary summary() {
        return summary;
    }

    public LabelsBeside labels() {
        return labels;
    }
}
