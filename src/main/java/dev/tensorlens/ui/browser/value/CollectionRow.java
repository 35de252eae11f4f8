package dev.tensorlens.ui.browser.value;

import dev.tensorlens.redis.CollectionPage;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.ui.common.HumanReadable;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One member of a collection as the table shows it. Hash values larger than the big-value threshold are not
 * kept ({@link #value()} is null then, {@link #valueLength()} still says how large they are).
 */
public final class CollectionRow {

    static final int PREVIEW_CHARS = 200;

    private final CollectionPage.Entry entry;
    private final byte[] value;
    private final long valueLength;
    private final String member;
    private final String valuePreview;
    private final ReadOnlyStringWrapper tensorSummary = new ReadOnlyStringWrapper(this, "tensorSummary", "");
    boolean summaryRequested;

    CollectionRow(CollectionPage.Entry entry, long keepValuesUpTo) {
        byte[] v = entry.value();
        this.valueLength = v == null ? 0 : v.length;
        this.value = v != null && v.length <= keepValuesUpTo ? v : null;
        // the entry keeps the big value alive otherwise; members themselves are small
        this.entry = value == v ? entry : CollectionPage.Entry.hashField(entry.member(), null);
        this.member = entry.member() == null ? "" : ValueText.preview(entry.member(), PREVIEW_CHARS);
        this.valuePreview = v == null ? "" : value == null ? "(" + HumanReadable.bytes(valueLength)
                + ", read when selected)" : ValueText.preview(v, PREVIEW_CHARS);
    }

    public CollectionPage.Entry entry() {
        return entry;
    }

    /** The member, field or element, escaped and cut for a cell. */
    public String memberText() {
        return member;
    }

    /** The member's exact bytes as escaped text (reads back with {@link Keys#bytes}). */
    public String memberFullText() {
        return entry.member() == null ? "" : Keys.display(entry.member());
    }

    /** A hash field's value, cut for a cell. */
    public String valueText() {
        return valuePreview;
    }

    /** A hash field's value when it was small enough to keep; null otherwise. */
    public byte[] value() {
        return value;
    }

    public long valueLength() {
        return valueLength;
    }

    public String scoreText() {
        double score = entry.score();
        if (Double.isNaN(score)) {
            return "";
        }
        // the shortest text that reads back to the same double, without ".0" on whole numbers
        return score == Math.rint(score) && Math.abs(score) < 1e15 ? Long.toString((long) score) : Double.toString(score);
    }

    /** A list index or a stream entry id. */
    public String positionText() {
        return entry.position() == null ? "" : entry.position();
    }

    /** A stream entry's fields: {@code field=value, …}. */
    public String fieldsText() {
        return entry.fields().stream()
                .map(f -> ValueText.preview(f.getKey(), 40) + "=" + ValueText.preview(f.getValue(), 80))
                .collect(Collectors.joining(", "));
    }

    /** What is searched when a list or stream is filtered on the client. */
    String searchText() {
        return (member + " " + fieldsText() + " " + positionText()).toLowerCase(Locale.ROOT);
    }

    /** {@code float32 (64, 784) · 196 KiB} once a hash field was decoded as a tensor; empty otherwise. */
    public ReadOnlyStringProperty tensorSummaryProperty() {
        return tensorSummary.getReadOnlyProperty();
    }

    void setTensorSummary(String text) {
        tensorSummary.set(text);
    }
}
