package dev.tensorlens.ui.datasets;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.IdList;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.SplitLocator;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * "Which split holds these ids?": a pasted list looked up in every split of the open dataset at once
 * ({@code SMISMEMBER} per split, a batch at a time). An id in two splits is a leak and is said so. Changed on the UI
 * thread.
 */
public final class LookupModel {

    /** Ids looked up at most at once: a pasted list, not a file. */
    static final int LIMIT = 100_000;

    /** One id's answer: the splits that hold it, in the dataset's order. */
    public record Row(String id, List<String> splits) {
        public String where() {
            return splits.isEmpty() ? "in no split" : String.join(", ", splits);
        }

        public boolean leaked() {
            return splits.size() > 1;
        }
    }

    private final SessionModel session;
    private final Jobs lookups;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private DatasetSplits dataset;

    LookupModel(SessionModel session, UiExecutor ui) {
        this.session = session;
        this.lookups = new Jobs(ui);
    }

    void dataset(DatasetSplits open) {
        if (dataset == null || open == null || !DatasetsModel.sameDataset(dataset, open)) {
            lookups.cancelAll();
            rows.clear();
            status.set("");
        }
        dataset = open;
    }

    /** Looks up the ids in {@code text} (one per line, or separated by commas or spaces). */
    public void find(String text) {
        RedisSession s = session.session();
        DatasetSplits d = dataset;
        if (s == null || d == null) {
            return;
        }
        IdList ids = IdList.parse(text == null ? "" : text);
        if (ids.ids().isEmpty()) {
            rows.clear();
            status.set("Paste ids to look up: one per line, or separated by commas or spaces.");
            return;
        }
        List<String> asked = ids.ids().size() > LIMIT ? ids.ids().subList(0, LIMIT) : ids.ids();
        status.set(String.format(Locale.ROOT, "Looking up %,d ids in %d splits…", asked.size(), d.splits().size()));
        lookups.<List<SplitLocator.Placement>>replacing("Looking up ids in " + d.name())
                .onSuccess(found -> {
                    rows.setAll(found.stream().map(p -> new Row(new String(p.id(), StandardCharsets.UTF_8),
                            p.splits())).toList());
                    status.set(summary(rows, ids.ids().size() - asked.size()));
                })
                .onFailure(status::set)
                .start(() -> new SplitLocator(s).whichSplits(d, asked.stream()
                        .map(id -> id.getBytes(StandardCharsets.UTF_8)).toList()));
    }

    static String summary(List<Row> rows, int leftOut) {
        long inNone = rows.stream().filter(r -> r.splits().isEmpty()).count();
        long leaked = rows.stream().filter(Row::leaked).count();
        String text = String.format(Locale.ROOT, "%,d of %,d in a split", rows.size() - inNone, rows.size());
        if (leaked > 0) {
            text += String.format(Locale.ROOT, "; %,d in more than one (a leak)", leaked);
        }
        if (inNone > 0) {
            text += String.format(Locale.ROOT, "; %,d in none", inNone);
        }
        if (leftOut > 0) {
            text += String.format(Locale.ROOT, ". Only the first %,d were looked up (%,d left out).", LIMIT, leftOut);
        }
        return text + (text.endsWith(".") ? "" : ".");
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
