package dev.tensorlens.ui.data;

import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.mlstate.CachedArrayGroups;
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
    /** A page of items is made shorter when its items are long (their size told by the header's estimate). */
    static final long PAGE_MAX_BYTES = 8L << 20;

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
    /** The token ids shown when no vocabulary was listed beside them (null: none): looked for again as more are. */
    private ArrayHeader awaitingVocabulary;

    TextPreview(UiExecutor ui) {
        this.jobs = new Jobs(ui);
        this.vocabularyJobs = new Jobs(ui);
        first.addListener((obs, old, now) -> read());
    }

    /** Vocabularies are read whole up to this many tokens. */
    static final int MAX_VOCABULARY = 200_000;

    /** @param side the reader for the vocabulary beside, so that reading it leaves {@code r}'s kept value alone */
    void show(ArrayReader r, ArrayReader side, ArrayHeader h, Optional<CachedArray> vocabularyAt) {
        reader = r;
        header = h;
        page.set(null);
        vocabulary.set(List.of());
        vocabularyJobs.cancelAll();
        awaitingVocabulary = vocabularyAt.isPresent() ? null : h;
        vocabularyAt.ifPresent(at -> readVocabulary(side, at));
        if (first.get() != 0) {
            first.set(0); // reads
        } else {
            read();
        }
    }

    /**
     * The catalogue listed more arrays: a vocabulary listed only after the token ids beside it were opened (the
     * catalogue's walk lists arrays as it finds them) is read then.
     */
    void catalogueGrew(ArrayReader side, ArrayHeader h, List<CachedArray> all) {
        if (h == null || h != awaitingVocabulary) {
            return;
        }
        Optional<CachedArray> at = CachedArrayGroups.vocabularyBeside(h.array(), all);
        if (at.isPresent()) {
            awaitingVocabulary = null;
            readVocabulary(side, at.get());
        }
    }

    private void readVocabulary(ArrayReader side, CachedArray at) {
        vocabularyJobs.<List<String>>replacing("Reading the vocabulary " + at.location().key())
                .onSuccess(vocabulary::set)
                .start(() -> Futures.compose(side.headers(at), headers -> headers.isEmpty()
                        || headers.get(0).kind() != ArrayHeader.Kind.TEXT
                        ? CompletableFuture.completedFuture(List.<String>of())
                        : Futures.map(side.text(headers.get(0), 0, MAX_VOCABULARY), ArrayReader.TextPage::items)));
    }

    void clear() {
        awaitingVocabulary = null;
        jobs.cancelAll();
        vocabularyJobs.cancelAll();
        vocabulary.set(List.of());
        reader = null;
        header = null;
        page.set(null);
        message.set(null);
    }

    /** Items on one page: {@link #PAGE_ITEMS}, fewer when each is long (a list of long documents). */
    public int pageItems() {
        if (header == null || header.rows() <= 0) {
            return PAGE_ITEMS;
        }
        long perItem = Math.max(1, header.valueBytes() / header.rows());
        return (int) Math.max(1, Math.min(PAGE_ITEMS, PAGE_MAX_BYTES / perItem));
    }

    public void turn(int step) {
        ArrayReader.TextPage p = page.get();
        long total = p == null ? 0 : p.total();
        int per = pageItems();
        long last = Math.max(0, (total - 1) / per * per);
        first.set(Math.max(0, Math.min(last, first.get() + (long) step * per)));
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
                .start(() -> r.text(h, from, pageItems()));
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
