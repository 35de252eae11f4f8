package dev.tensorlens.ui.data;

import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.redis.ArrayHeader;
import dev.tensorlens.redis.ArrayReader;
import dev.tensorlens.redis.Futures;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleLongProperty;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The text preview of strings and lists of strings (tokenised text, label names, a JSON document): a page of items
 * read at a time, each with its index. Changed on the UI thread.
 */
public final class TextPreview {

    public static final int PAGE_ITEMS = 200;

    private final Jobs jobs;
    private final LongProperty first = new SimpleLongProperty(this, "first");
    private final ReadOnlyObjectWrapper<ArrayReader.TextPage> page = new ReadOnlyObjectWrapper<>(this, "page");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    /** The vocabulary token ids index into, when one sits beside; empty otherwise. */
    private final ReadOnlyObjectWrapper<List<String>> vocabulary = new ReadOnlyObjectWrapper<>(this, "vocabulary",
            List.of());
    private final Jobs vocabularyJobs;
    /** The first item of the page shown (the page asked for next may differ until it arrives). */
    private long pageFirst;
    private ArrayReader reader;
    private ArrayHeader header;

    TextPreview(UiExecutor ui) {
        this.jobs = new Jobs(ui);
        this.vocabularyJobs = new Jobs(ui);
        first.addListener((obs, old, now) -> read());
    }

    /** Vocabularies are read whole up to this many tokens. */
    static final int MAX_VOCABULARY = 200_000;

    void show(ArrayReader r, ArrayHeader h, Optional<CachedArray> vocabularyAt) {
        reader = r;
        header = h;
        page.set(null);
        vocabulary.set(List.of());
        vocabularyAt.ifPresent(at -> vocabularyJobs.<List<String>>replacing("Reading the vocabulary " + at.location().key())
                .onSuccess(vocabulary::set)
                .start(() -> Futures.compose(r.headers(at), headers -> headers.isEmpty()
                        || headers.get(0).kind() != ArrayHeader.Kind.TEXT
                        ? CompletableFuture.completedFuture(List.<String>of())
                        : Futures.map(r.text(headers.get(0), 0, MAX_VOCABULARY), ArrayReader.TextPage::items))));
        if (first.get() != 0) {
            first.set(0); // reads
        } else {
            read();
        }
    }

    void clear() {
        jobs.cancelAll();
        vocabularyJobs.cancelAll();
        vocabulary.set(List.of());
        reader = null;
        header = null;
        page.set(null);
        message.set(null);
    }

    public void turn(int step) {
        ArrayReader.TextPage p = page.get();
        long total = p == null ? 0 : p.total();
        long last = Math.max(0, (total - 1) / PAGE_ITEMS * PAGE_ITEMS);
        first.set(Math.max(0, Math.min(last, first.get() + (long) step * PAGE_ITEMS)));
    }

    private void read() {
        if (reader == null || header == null || header.kind() != ArrayHeader.Kind.TEXT) {
            return;
        }
        ArrayReader r = reader;
        ArrayHeader h = header;
        long from = first.get();
        message.set("Reading…");
        jobs.<ArrayReader.TextPage>replacing("Reading the text of " + h.array().location().key())
                .onSuccess(p -> {
                    pageFirst = from;
                    page.set(p);
                    message.set(p.total() == 0 ? "It holds no items." : null);
                })
                .onFailure(message::set)
                .start(() -> r.text(h, from, PAGE_ITEMS));
    }

    /** The index of the first item of the page shown. */
    public long pageFirst() {
        return pageFirst;
    }

    public LongProperty firstProperty() {
        return first;
    }

    public ReadOnlyObjectProperty<ArrayReader.TextPage> pageProperty() {
        return page.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<String>> vocabularyProperty() {
        return vocabulary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
