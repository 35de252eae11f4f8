package dev.tensorlens.ui.datasets;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.IdList;
import dev.tensorlens.redis.Futures;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

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
    private final Executor background;
    private final Jobs lookups;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private DatasetSplits dataset;

    /** The pasted ids, read off the UI thread: the ids to ask for as bytes, and how many were left out. */
    record Pasted(List<byte[]> asked, int leftOut) {
    }

    LookupModel(SessionModel session, UiExecutor ui, Executor background) {
        this.session = session;
        this.background = background;
        this.lookups = new Jobs(ui);
    }

    void dataset(DatasetSplits open) {
        if (dataset == null || open == null || !dataset.isSameDataset(open)) {
            lookups.cancelAll();
            rows.clear();
            status.set("");
        }
        dataset = open;
    }

    /**
     * Looks up the ids in {@code text} (one per line, or separated by commas or spaces). The text is split into ids in
     * the background ({@code background}), not on the UI thread: a paste can hold a million ids. Latest wins: a new
     * Find drops the reading and the lookup of the one before.
     */
    public void find(String text) {
        RedisSession s = session.session();
        DatasetSplits d = dataset;
        if (s == null || d == null) {
            return;
        }
        String pasted = text == null ? "" : text;
        status.set("Reading the pasted ids…");
        lookups.<Pasted>replacing("Reading the ids to look up")
                .onSuccess(ids -> {
                    if (ids.asked().isEmpty()) {
                        rows.clear();
                        status.set("Paste ids to look up: one per line, or separated by commas or spaces.");
                    } else {
                        lookUp(s, d, ids);
                    }
                })
                .onFailure(status::set)
                .start(() -> CompletableFuture.supplyAsync(() -> read(pasted), background));
    }

    /** The ids of a paste, at most {@value #LIMIT}, as the bytes the lookup sends. Any thread. */
    static Pasted read(String text) {
        List<String> ids = IdList.parse(text).ids();
        List<String> asked = ids.size() > LIMIT ? ids.subList(0, LIMIT) : ids;
        return new Pasted(asked.stream().map(id -> id.getBytes(StandardCharsets.UTF_8)).toList(),
                ids.size() - asked.size());
    }

    private void lookUp(RedisSession s, DatasetSplits d, Pasted ids) {
        status.set(String.format(Locale.ROOT, "Looking up %,d ids in %d splits…", ids.asked().size(), d.splits().size()));
        // beside nothing: the reading that led here was the latest, and has cancelled every lookup before it
        lookups.<List<Row>>job("Looking up ids in " + d.name())
                .onSuccess(found -> {
                    rows.setAll(found);
                    status.set(summary(rows, ids.leftOut()));
                })
                .onFailure(status::set)
                // the rows are made where the answer arrives; cancelling them cancels the commands too
                .start(() -> Futures.map(new SplitLocator(s).whichSplits(d, ids.asked()), found -> found.stream()
                        .map(p -> new Row(new String(p.id(), StandardCharsets.UTF_8), p.splits())).toList()));
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
