package dev.tensorlens.ui.datasets;

import dev.tensorlens.mlstate.DatasetGroups;
import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.MlStateIndex;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.redis.ClassBalance;
import dev.tensorlens.redis.DatasetOverlaps;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.SetFinder;
import dev.tensorlens.settings.DatasetGrouping;
import dev.tensorlens.settings.DatasetGroupsStore;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.NextFrameOnce;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.UiExecutor;
import dev.tensorlens.ui.common.ViewTarget;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The Datasets view's state: every dataset (found by the catalogue's naming rules, or grouped by hand and remembered
 * per connection), the one open with its split sizes, the overlaps between its splits (leaks) and the class balance
 * of each split. Editing lives in {@link EditsModel}, paging members in {@link MembersModel}, finding ids in
 * {@link LookupModel}. Changed on the UI thread.
 */
public final class DatasetsModel {

    /** Shared ids listed at most per pair of splits: the warning names them, the fix reads them all. */
    static final int SAMPLE = 20;
    /** How long other clients' writes to an open split must pause before it is measured again. */
    static final Duration QUIET = Duration.seconds(2);

    private final CatalogueModel catalogue;
    /** The first dataset's opening by itself, a frame after its listing. */
    private final NextFrameOnce openFirst;
    /** Measures and counts the open dataset a frame after it opens: not with it, taking the CPUs that frame needs. */
    private final NextFrameOnce measureOpened;
    private final SessionModel session;
    private final DatasetGroupsStore groupsStore;
    private final Jobs measuring;
    private final Jobs balancing;
    private final Jobs grouping;

    private final ObservableList<DatasetSplits> datasets = FXCollections.observableArrayList();
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ReadOnlyObjectWrapper<DatasetSplits> open = new ReadOnlyObjectWrapper<>(this, "open");
    private final ReadOnlyObjectWrapper<DatasetOverlaps.DatasetReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ReadOnlyStringWrapper reportStatus = new ReadOnlyStringWrapper(this, "reportStatus", "");
    private final ReadOnlyDoubleWrapper reportProgress = new ReadOnlyDoubleWrapper(this, "reportProgress", -1);
    private final ReadOnlyObjectWrapper<ClassBalance.BalanceReport> balance = new ReadOnlyObjectWrapper<>(this, "balance");
    private final ReadOnlyStringWrapper balanceStatus = new ReadOnlyStringWrapper(this, "balanceStatus", "");
    private List<DatasetSplits> manual = List.of();
    private final PauseTransition quiet = new PauseTransition(QUIET);
    /** A split key or dataset name asked for before it was listed. */
    private String pending;
    /** Shown once: only then does the first dataset open (and get measured) by itself. */
    private boolean started;

    private final MembersModel members;
    private final EditsModel edits;
    private final LookupModel lookup;

    /**
     * @param background CPU work off the UI thread: reading the ids of a paste (there can be a million)
     * @param files      where an export writes its file
     */
    public DatasetsModel(CatalogueModel catalogue, SessionModel session, UiExecutor ui,
                         Executor background, TaskList tasks, Dialogs dialogs,
                         DatasetGroupsStore groupsStore, Executor files) {
        this.catalogue = catalogue;
        this.openFirst = new NextFrameOnce(ui, this::firstOpensByItself, () -> open(datasets.get(0)));
        this.measureOpened = new NextFrameOnce(ui, () -> open.get() != null, () -> { measure(); countClasses(); });
        this.session = session;
        this.groupsStore = groupsStore;
        this.measuring = new Jobs(ui);
        this.balancing = new Jobs(ui);
        this.grouping = new Jobs(ui);
        this.members = new MembersModel(session, ui);
        this.lookup = new LookupModel(session, ui, background);
        this.edits = new EditsModel(session, ui, background, tasks, dialogs, files, this::afterEdit);
        catalogue.indexProperty().addListener((obs, old, index) -> rebuild());
        catalogue.onChanges(this::changedElsewhere);
        search.addListener((obs, old, text) -> rebuild());
        session.sessionProperty().addListener((obs, old, s) -> connected(s));
    }

    /**
     * The view is shown (only the first call counts): list the keyspace once, and read this connection's manual
     * groups.
     */
    public void start() {
        if (started) {
            return; // shown again: the walk and what opened stay
        }
        started = true;
        catalogue.ensureScanned();
        connected(session.session());
    }

    /** F5: list again and measure the open dataset again. */
    public void refresh() {
        catalogue.rescan();
        measure();
    }

    /** Opens a dataset from another view's link: a split key, or a dataset name. */
    public void open(ViewTarget target) {
        pending = target.keyText();
        openPending(all());
    }

    /** A link followed before the listing found its dataset opens once it does. */
    private void openPending(List<DatasetSplits> all) {
        String key = pending;
        if (key == null) {
            return;
        }
        all.stream().filter(d -> d.name().equals(key) || d.splitWithKey(key).isPresent()).findFirst()
                .ifPresent(d -> {
                    pending = null;
                    open(d, d.splitWithKey(key).orElse(null));
                });
    }

    public void open(DatasetSplits dataset) {
        open(dataset, null);
    }

    /** Opens {@code dataset} with {@code split} listed (null: its first split, when it is another dataset). */
    private void open(DatasetSplits dataset, DatasetSplits.Split split) {
        if (dataset == null) {
            return;
        }
        boolean another = open.get() == null || !open.get().isSameDataset(dataset);
        open.set(dataset);
        lookup.dataset(dataset);
        if (another) {
            report.set(null);
            balance.set(null);
        }
        if (split != null || another) { // one page read: not the first split's, then the linked one's
            members.show(split != null ? split : dataset.splits().isEmpty() ? null : dataset.splits().get(0));
        }
        measureOpened.request();
    }

    // ---------------------------------------------------------------- the open dataset, measured

    /** Sizes of every split and the overlap of every pair, in the background; the newest request wins. */
    void measure() {
        DatasetSplits d = open.get();
        RedisSession s = session.session();
        if (d == null || s == null) {
            return;
        }
        reportStatus.set("Measuring the splits and their overlaps…");
        reportProgress.set(-1);
        measuring.<DatasetOverlaps.DatasetReport>replacing("Measuring the overlaps of " + d.name())
                .onProgress(job -> {
                    reportProgress.set(job.progressProperty().get());
                    reportStatus.set(job.messageProperty().get());
                })
                .onSuccess(found -> {
                    report.set(found);
                    reportProgress.set(1);
                    reportStatus.set("");
                    sizesKnown(found.dataset());
                })
                .onFailure(sentence -> {
                    reportProgress.set(0);
                    reportStatus.set(sentence);
                })
                .startWithContext(ctx -> new DatasetOverlaps(s).measure(d, SAMPLE, p -> ctx.progress(p.fraction(),
                        String.format(Locale.ROOT, "Comparing the splits… %,d of %,d ids checked", p.checked(),
                                p.total()))));
    }

    /** The class balance of each split when labels sit beside the ids; nothing is said when there are none. */
    private void countClasses() {
        DatasetSplits d = open.get();
        RedisSession s = session.session();
        if (d == null || s == null) {
            return;
        }
        balance.set(null);
        balanceStatus.set("Looking for labels beside the ids…");
        ClassBalance counter = new ClassBalance(s);
        balancing.<Optional<ClassBalance.BalanceReport>>replacing("Counting the classes of " + d.name())
                .onProgress(job -> balanceStatus.set(job.messageProperty().get()))
                .onSuccess(found -> {
                    balance.set(found.orElse(null));
                    balanceStatus.set(found.isPresent() ? "" : "No labels beside these ids (a hash such as "
                            + labelsHint(d) + " mapping id → class shows the balance of each split).");
                })
                .onFailure(balanceStatus::set)
                .startWithContext(ctx -> counter.findLabels(d).thenCompose(source -> source.isEmpty()
                        ? CompletableFuture.completedFuture(Optional.empty())
                        : counter.count(d, source.get(), f -> ctx.progress(f, String.format(Locale.ROOT,
                                "Counting the classes in %s… %.0f%%", source.get().key(), 100 * f)))
                        .thenApply(Optional::of)));
    }

    private static String labelsHint(DatasetSplits d) {
        String key = d.splits().isEmpty() ? "dataset:" + d.name() + ":train" : d.splits().get(0).key();
        int cut = Math.max(key.lastIndexOf(':'), key.lastIndexOf('_'));
        return cut > 0 ? key.substring(0, cut + 1) + "labels" : d.name() + ":labels";
    }

    /** Sizes read by a measurement update the list and the open dataset without reopening it. */
    private void sizesKnown(DatasetSplits measured) {
        DatasetSplits current = open.get();
        if (current != null && current.isSameDataset(measured)) {
            open.set(measured);
            lookup.dataset(measured);
            members.sizesKnown(measured);
        }
        for (int i = 0; i < datasets.size(); i++) {
            if (datasets.get(i).isSameDataset(measured)) {
                datasets.set(i, measured);
            }
        }
    }

    /** After an edit here: what it changed is read again (sizes, overlaps, balance, the page shown). */
    private void afterEdit() {
        measure();
        countClasses();
        members.reload();
    }

    /**
     * Keys written by another client (Live): when one of the open dataset's splits changed, its sizes and overlaps are
     * read again once the writes have been quiet for {@link #QUIET} — a pipeline writing all the time must not restart
     * the measurement every quarter of a second — and the page shown too, unless the user is picking ids on it.
     * The class balance is counted again on F5 or after an edit here (it walks every split).
     */
    private void changedElsewhere(List<String> keys) {
        DatasetSplits d = open.get();
        if (d != null && keys.stream().anyMatch(k -> d.splitWithKey(k).isPresent())) {
            quiet.setOnFinished(e -> {
                measure();
                if (!members.pickingProperty().get()) {
                    members.reload();
                }
            });
            quiet.playFromStart();
        }
    }

    // ---------------------------------------------------------------- the list, and grouping by hand

    private void connected(RedisSession s) {
        measuring.cancelAll();
        balancing.cancelAll();
        grouping.cancelAll();
        open.set(null);
        report.set(null);
        balance.set(null);
        members.show(null);
        manual = List.of();
        pending = null;
        rebuild();
        if (s == null || !started) {
            return; // a view made ahead and never shown reads nothing; start() reads them
        }
        List<DatasetSplits> remembered = groupsStore.groups(s.profile().id()).stream()
                .map(DatasetsModel::toDataset).toList();
        describeManual(s, remembered);
    }

    /** Manual groups name keys only: their types and sizes are read before they are listed. */
    private void describeManual(RedisSession s, List<DatasetSplits> remembered) {
        SetFinder finder = new SetFinder(s);
        for (DatasetSplits d : remembered) {
            grouping.<DatasetSplits>job("Reading the sets of " + d.name())
                    .onSuccess(described -> replaceManual(described))
                    .onFailure(sentence -> replaceManual(d)) // listed as remembered; opening it says what is wrong
                    .start(() -> finder.describe(d));
        }
    }

    private void replaceManual(DatasetSplits described) {
        List<DatasetSplits> next = new ArrayList<>(manual);
        next.removeIf(d -> d.name().equals(described.name()));
        next.add(described);
        manual = List.copyOf(next);
        rebuild();
    }

    /**
     * Groups sets into a dataset by hand (names that follow no convention); remembered for this connection. A
     * dataset of that name grouped before is replaced.
     */
    public void group(String name, List<DatasetSplits.Split> splits) {
        RedisSession s = session.session();
        if (s == null || name.isBlank() || splits.isEmpty()) {
            return;
        }
        DatasetSplits made = DatasetGroups.manual(name.trim(), splits);
        replaceManual(made);
        save(s);
        open(made);
    }

    /** Forgets a dataset grouped by hand (the sets stay as they are). */
    public void ungroup(DatasetSplits dataset) {
        RedisSession s = session.session();
        if (s == null || !dataset.manual()) {
            return;
        }
        manual = manual.stream().filter(d -> !d.name().equals(dataset.name())).toList();
        save(s);
        if (open.get() != null && open.get().isSameDataset(dataset)) {
            open.set(null);
            members.show(null);
        }
        rebuild();
    }

    private void save(RedisSession s) {
        groupsStore.save(s.profile().id(), manual.stream().map(d -> new DatasetGrouping(d.name(), d.splits().stream()
                .map(sp -> new DatasetGrouping.SplitRef(sp.name(), sp.key())).toList())).toList());
    }

    private static DatasetSplits toDataset(DatasetGrouping g) {
        return DatasetGroups.manual(g.name(), g.splits().stream()
                .map(r -> new DatasetSplits.Split(r.name(), r.key(), RedisType.SET, -1)).toList());
    }

    /** Sets and sorted sets whose keys match a glob pattern, for the grouping dialog. */
    CompletableFuture<List<DatasetSplits.Split>> findSets(String pattern) {
        RedisSession s = session.session();
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Not connected."));
        }
        return new SetFinder(s).find(pattern.isBlank() ? "*" : pattern, 500);
    }

    private List<DatasetSplits> all() {
        MlStateIndex index = catalogue.indexProperty().get();
        return DatasetGroups.merge(index.datasets(), manual);
    }

    private void rebuild() {
        String filter = search.get() == null ? "" : search.get().trim().toLowerCase(Locale.ROOT);
        List<DatasetSplits> all = all(); // merged once: the list, a pending link and the open dataset all look here
        List<DatasetSplits> shown = all.stream().filter(d -> filter.isEmpty()
                || d.name().toLowerCase(Locale.ROOT).contains(filter)
                || d.splits().stream().anyMatch(s -> s.key().toLowerCase(Locale.ROOT).contains(filter))).toList();
        // sizes measured since the listing are kept: the walk's are older
        DatasetSplits measured = open.get();
        List<DatasetSplits> withSizes = shown.stream()
                .map(d -> measured != null && d.isSameDataset(measured) && d.hasSameKeys(measured) ? measured : d).toList();
        if (!withSizes.equals(datasets)) {
            datasets.setAll(withSizes);
        }
        openPending(all);
        DatasetSplits current = open.get();
        if (current != null) {
            Optional<DatasetSplits> again = all.stream().filter(d -> d.isSameDataset(current)).findFirst();
            if (again.isPresent() && !again.get().hasSameKeys(current)) {
                report.set(null); // its pairs name splits that may be gone
                open(again.get()); // a split appeared or went (Live, or a rescan)
            }
        } else {
            openFirst.request(); // in a frame after the one that lists it: each frame styles and lays out half
        }
    }

    /** The first dataset opens by itself: a view never starts blank when there is one. */
    private boolean firstOpensByItself() {
        return open.get() == null && started && !datasets.isEmpty() && session.session() != null && pending == null;
    }

    // ---------------------------------------------------------------- properties

    public CatalogueModel catalogue() {
        return catalogue;
    }

    public ObservableList<DatasetSplits> datasets() {
        return datasets;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ReadOnlyObjectProperty<DatasetSplits> openProperty() {
        return open.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DatasetOverlaps.DatasetReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty reportStatusProperty() {
        return reportStatus.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty reportProgressProperty() {
        return reportProgress.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ClassBalance.BalanceReport> balanceProperty() {
        return balance.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty balanceStatusProperty() {
        return balanceStatus.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty readOnlyProperty() {
        return session.readOnlyProperty();
    }

    public MembersModel members() {
        return members;
    }

    public EditsModel edits() {
        return edits;
    }

    public LookupModel lookup() {
        return lookup;
    }
}
