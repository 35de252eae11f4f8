package dev.tensorlens.ui.browser.value;

import dev.tensorlens.mlstate.HashFieldTensors;
import dev.tensorlens.redis.KeyInfo;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.TensorLoad;
import dev.tensorlens.redis.TensorLoader;
import dev.tensorlens.redis.ValueTooLargeException;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.codec.ByteContent;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import dev.tensorlens.ui.plots.TensorDetail;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * The selected member of a collection, in full: its text, and for a hash field that holds a tensor, the tensor's
 * summary and view. Hash fields are read and decoded through the {@link TensorLoader}; one larger than the big-value
 * threshold is read only after the user asks. Also gives the table's rows their one-line tensor summaries, decoded
 * only for the rows the table shows.
 */
public final class MemberDetail {

    /** Where the selected hash field's value is. */
    public enum FieldPhase { NONE, LOADING, TOO_BIG, SHOWN, FAILED }

    private final LongSupplier bigValueThreshold;
    private final Jobs work;
    private final TensorSelection fieldTensors;
    private final ReadOnlyObjectWrapper<FieldPhase> fieldPhase = new ReadOnlyObjectWrapper<>(this, "fieldPhase", FieldPhase.NONE);
    private final ReadOnlyStringWrapper fieldMessage = new ReadOnlyStringWrapper(this, "fieldMessage", "");
    private final ReadOnlyStringWrapper selectedText = new ReadOnlyStringWrapper(this, "selectedText", "");

    private TensorLoader loader;
    private KeyInfo info;
    private CollectionRow selected;

    MemberDetail(UiExecutor ui, Executor worker, LongSupplier bigValueThreshold) {
        this.bigValueThreshold = bigValueThreshold;
        this.work = new Jobs(ui);
        this.fieldTensors = new TensorSelection(ui, worker);
    }

    /** The collection now shown; what was on its way for the one before is dropped. */
    void start(TensorLoader tensorLoader, KeyInfo keyInfo) {
        reset();
        loader = tensorLoader;
        info = keyInfo;
    }

    void reset() {
        work.cancelAll();
        selected = null;
        clear();
    }

    private boolean isHash() {
        return info != null && "hash".equals(info.type());
    }

    /**
     * Decodes a hash field for its row's tensor summary, once, when the table first shows the row. Fields that
     * describe others ({@code dtype}, {@code w:shape}) and values too large to keep get none.
     */
    void requestSummary(CollectionRow row) {
        if (row == null || row.summaryRequested || loader == null || !isHash()) {
            return;
        }
        row.summaryRequested = true;
        String field = Keys.display(row.entry().member());
        if (HashFieldTensors.isMetadataField(field)) {
            return;
        }
        if (row.value() == null) {
            row.setTensorSummary(HumanReadable.bytes(row.valueLength()) + " · select to read");
            return;
        }
        byte[] key = info.key();
        work.<DecodeResult>job("Decoding the field " + field)
                .onSuccess(r -> row.setTensorSummary(summaryOf(r)))
                .start(() -> loader.decodeField(key, field, row.value()));
    }

    static String summaryOf(DecodeResult r) {
        if (r instanceof DecodeResult.Decoded d) {
            if (d.tensors().size() == 1) {
                return TensorDetail.summary(d.tensors().get(0));
            }
            long bytes = d.tensors().stream().mapToLong(t -> t.byteLength()).sum();
            return d.format() + " · " + d.tensors().size() + " tensors · " + HumanReadable.bytes(bytes);
        }
        if (r instanceof DecodeResult.Opaque o) {
            return o.format() + " · not executed";
        }
        return StringContent.isTensorLike(r) ? r.format() + " · malformed" : "";
    }

    /** The table's selection changed. */
    void select(CollectionRow row) {
        selected = row;
        clear();
        if (row == null) {
            return;
        }
        if (!isHash()) {
            selectedText.set(row.entry().fields().isEmpty() ? row.memberFullText()
                    : row.positionText() + "\n" + fieldsFullText(row));
            return;
        }
        String field = Keys.display(row.entry().member());
        if (row.value() != null) {
            decodeHeld(row, field, row.value());
        } else {
            // the value was too large to keep from the scan: measured again, and read only below the threshold
            load(row, field, bigValueThreshold.getAsLong());
        }
    }

    /** The user confirms reading the selected field's large value. */
    public void readFieldAnyway() {
        if (selected != null && fieldPhase.get() == FieldPhase.TOO_BIG) {
            load(selected, Keys.display(selected.entry().member()), Long.MAX_VALUE);
        }
    }

    private void load(CollectionRow row, String field, long maxBytes) {
        fieldPhase.set(FieldPhase.LOADING);
        fieldMessage.set("Reading " + field + "…");
        work.<TensorLoad>job("Reading the field " + field)
                .onSuccess(load -> {
                    DecodeResult r = load.parts().get(0).result();
                    row.setTensorSummary(summaryOf(r));
                    showDecoded(field, r, null);
                })
                .onFailureWithCause((sentence, cause) -> {
                    if (cause instanceof ValueTooLargeException big) { // a question, not an error
                        fieldPhase.set(FieldPhase.TOO_BIG);
                        fieldMessage.set("The field " + field + " holds " + HumanReadable.bytes(big.bytes())
                                + ", more than the " + HumanReadable.bytes(bigValueThreshold.getAsLong()) + " read without asking.");
                    } else {
                        failed(sentence);
                    }
                })
                .start(() -> loader.loadField(info.key(), field, maxBytes, TensorLoader.Progress.NONE));
    }

    /** A field whose value came with its page: only its dtype/shape siblings are read before it is decoded. */
    private void decodeHeld(CollectionRow row, String field, byte[] value) {
        fieldPhase.set(FieldPhase.LOADING);
        work.<DecodeResult>job("Decoding the field " + field)
                .onSuccess(r -> {
                    row.setTensorSummary(summaryOf(r));
                    showDecoded(field, r, value);
                })
                .onFailure(this::failed)
                .start(() -> loader.decodeField(info.key(), field, value));
    }

    private void failed(String sentence) {
        fieldMessage.set(sentence);
        fieldPhase.set(FieldPhase.FAILED);
    }

    private void showDecoded(String field, DecodeResult r, byte[] value) {
        if (value != null) {
            selectedText.set(ValueText.text(value, ByteContent.isUtf8(value), StringContent.TEXT_CAP_BYTES));
        }
        if (StringContent.isTensorLike(r)) {
            fieldTensors.show(r, field);
        }
        fieldMessage.set("");
        fieldPhase.set(FieldPhase.SHOWN);
    }

    private void clear() {
        fieldTensors.clear();
        fieldPhase.set(FieldPhase.NONE);
        fieldMessage.set("");
        selectedText.set("");
    }

    private static String fieldsFullText(CollectionRow row) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<byte[], byte[]> f : row.entry().fields()) {
            b.append(Keys.display(f.getKey())).append(" = ")
                    .append(ValueText.text(f.getValue(), ByteContent.isUtf8(f.getValue()), StringContent.TEXT_CAP_BYTES))
                    .append('\n');
        }
        return b.toString();
    }

    public ReadOnlyObjectProperty<FieldPhase> fieldPhaseProperty() {
        return fieldPhase.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty fieldMessageProperty() {
        return fieldMessage.getReadOnlyProperty();
    }

    /** The selected member (or hash value, stream entry) in full, as text. */
    public ReadOnlyStringProperty selectedTextProperty() {
        return selectedText.getReadOnlyProperty();
    }

    /** The selected hash field's tensor view. */
    public TensorSelection fieldTensors() {
        return fieldTensors;
    }
}
