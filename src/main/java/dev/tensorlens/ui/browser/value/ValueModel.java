package dev.tensorlens.ui.browser.value;

import dev.tensorlens.tensor.ChunkedBytes;
import dev.tensorlens.redis.KeyInfo;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.TensorLoader;
import dev.tensorlens.redis.ValueReader;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Job;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleLongProperty;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The value pane's state for one key: what it is (type, size, memory, TTL), then its content — a string read
 * (after asking when it is large), decoded off the FX thread and offered as tensor, text, JSON and hex; or a
 * collection a page at a time ({@link #collection()}). Opening another key cancels everything of the previous one.
 * A big value the user chose to read is listed in the app's task list while it is read.
 */
public final class ValueModel {

    /** Bytes per {@code GETRANGE} of a big string: steady progress, a quick stop, replies that are no burden to G1. */
    static final int READ_CHUNK_BYTES = ValueReader.REPLY_BYTES;
    public static final long DEFAULT_BIG_VALUE_THRESHOLD = 1_048_576;

    private static final List<String> COLLECTIONS = List.of("hash", "set", "zset", "list", "stream");

    private final SessionModel session;
    private final Executor worker;
    private final TaskList tasks;
    /** Everything of the open key on its way: describing, reading, decoding. Opening another key cancels them. */
    private final Jobs work;

    private final ReadOnlyObjectWrapper<ValuePhase> phase = new ReadOnlyObjectWrapper<>(this, "phase", ValuePhase.EMPTY);
    private final ReadOnlyObjectWrapper<KeyInfo> keyInfo = new ReadOnlyObjectWrapper<>(this, "keyInfo");
    private final ReadOnlyStringWrapper keyText = new ReadOnlyStringWrapper(this, "keyText", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyObjectWrapper<StringContent> content = new ReadOnlyObjectWrapper<>(this, "content");
    private final ReadOnlyStringWrapper formatBadge = new ReadOnlyStringWrapper(this, "formatBadge");
    private final LongProperty bigValueThreshold = new SimpleLongProperty(this, "bigValueThreshold", DEFAULT_BIG_VALUE_THRESHOLD);
    private final TensorSelection tensors;
    private final CollectionModel collection;

    private byte[] key;

    /**
     * @param worker where values are decoded and summarised
     * @param tasks  where a big read the user asked for is listed
     */
    public ValueModel(SessionModel session, UiExecutor ui, Executor worker, TaskList tasks) {
        this.session = session;
        this.worker = worker;
        this.tasks = tasks;
        this.work = new Jobs(ui);
        this.tensors = new TensorSelection(ui, worker);
        this.collection = new CollectionModel(ui, worker, bigValueThreshold::get, new CollectionModel.Listener() {
            @Override
            public void shown() {
                phase.set(ValuePhase.SHOWN);
            }

            @Override
            public void failed(String text) {
                fail(text);
            }
        });
        session.sessionProperty().addListener((obs, old, s) -> close());
    }

    /** Shows {@code newKey}: describes it, then reads it as its type and size allow. */
    public void open(byte[] newKey) {
        startOver();
        key = newKey.clone();
        keyText.set(Keys.display(key));
        RedisSession s = session.session();
        if (s == null) {
            fail("Not connected: connect to a server to see " + keyText.get() + ".");
            return;
        }
        phase.set(ValuePhase.LOADING_INFO);
        byte[] opened = key;
        work.<KeyInfo>job("Reading what " + keyText.get() + " is")
                .onSuccess(info -> described(s, info))
                .onFailure(this::fail)
                .start(() -> new ValueReader(s).describe(opened));
    }

    private void described(RedisSession s, KeyInfo info) {
        keyInfo.set(info);
        if (!info.exists()) {
            message.set("The key " + keyText.get() + " does not exist: it was deleted, renamed or it expired.");
            phase.set(ValuePhase.MISSING);
        } else if (info.type().equals("string")) {
            if (info.size() > bigValueThreshold.get()) {
                askBeforeReading("This value is " + HumanReadable.bytes(info.size()) + ", more than the "
                        + HumanReadable.bytes(bigValueThreshold.get()) + " read without asking.");
            } else {
                read(s, info, false);
            }
        } else if (COLLECTIONS.contains(info.type())) {
            phase.set(ValuePhase.READY);
            collection.start(s, info);
        } else {
            message.set("A " + info.type() + " value has no viewer here yet.");
            phase.set(ValuePhase.READY);
        }
    }

    private void askBeforeReading(String why) {
        message.set(why);
        phase.set(ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
    }

    /** The user confirms reading a value larger than the threshold. */
    public void readAnyway() {
        RedisSession s = session.session();
        if (phase.get() == ValuePhase.TOO_BIG_ASKS_CONFIRMATION && s != null) {
            read(s, keyInfo.get(), true);
        }
    }

    /** Stops a read in progress; the pane asks again, saying how far it got. */
    public void cancelRead() {
        if (phase.get() != ValuePhase.READING) {
            return;
        }
        String got = progressText.get();
        work.cancelAll(); // the chunk in flight and its progress are dropped
        askBeforeReading("Reading stopped after " + got + ". Read it again when you are ready.");
    }

    /** @param listed a big read the user asked for: shown in the task list, where Cancel stops it */
    private void read(RedisSession s, KeyInfo info, boolean listed) {
        long size = info.size();
        phase.set(ValuePhase.READING);
        showProgress(0, size, progressText(0, size));
        byte[] opened = key;
        Job.Builder<ChunkedBytes> reading = work.<ChunkedBytes>job("Reading " + keyText.get())
                .onProgress(job -> showProgress(job.progressProperty().get(), size, job.messageProperty().get()))
                .onSuccess(this::decode)
                .onFailure(this::fail);
        if (listed) {
            reading.listedIn(tasks);
        }
        reading.startWithContext(context -> {
            context.stopWith(this::cancelRead);
            return new TensorLoader(s, worker, READ_CHUNK_BYTES).readChunked(opened, size, (done, total) ->
                    context.progress(total <= 0 ? 1 : Math.min(1, (double) done / total), progressText(done, total)));
        });
    }

    private static String progressText(long done, long size) {
        return HumanReadable.bytes(done) + " of " + HumanReadable.bytes(size);
    }

    private void showProgress(double fraction, long size, String text) {
        progressText.set(text); // first: progress listeners read it
        progress.set(size <= 0 ? 1 : fraction);
    }

    private void decode(ChunkedBytes bytes) {
        phase.set(ValuePhase.DECODING);
        String name = keyText.get();
        work.<StringContent>job("Decoding " + name)
                .onSuccess(c -> {
                    content.set(c);
                    formatBadge.set(c.formatBadge());
                    tensors.show(c.decoded(), lastSegment(name));
                    phase.set(ValuePhase.SHOWN);
                })
                .onFailure(this::fail)
                .start(() -> CompletableFuture.supplyAsync(() -> StringContent.of(bytes, name), worker));
    }

    /** {@code model:v3:layer0.weight} → {@code layer0.weight}: the name a lone tensor takes. */
    private static String lastSegment(String keyName) {
        int colon = keyName.lastIndexOf(':');
        return colon >= 0 && colon < keyName.length() - 1 ? keyName.substring(colon + 1) : keyName;
    }

    /** Reads the open key again from the start (its size and type may have changed). */
    public void reload() {
        if (key != null) {
            open(key);
        }
    }

    /** Shows nothing; whatever was on its way is cancelled. */
    public void close() {
        startOver();
        key = null;
        keyText.set("");
    }

    private void startOver() {
        work.cancelAll();
        collection.reset();
        tensors.clear();
        keyInfo.set(null);
        content.set(null);
        formatBadge.set(null);
        message.set("");
        progress.set(0);
        progressText.set("");
        phase.set(ValuePhase.EMPTY);
    }

    private void fail(String text) {
        message.set(text);
        phase.set(ValuePhase.FAILED);
    }

    /** Lets go of the open key; the model is not used afterwards. */
    public void dispose() {
        close();
    }

    public ReadOnlyObjectProperty<ValuePhase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<KeyInfo> keyInfoProperty() {
        return keyInfo.getReadOnlyProperty();
    }

    /** The open key, escaped where it is not printable UTF-8. */
    public ReadOnlyStringProperty keyTextProperty() {
        return keyText.getReadOnlyProperty();
    }

    /** The sentence for the phase: why it asks, what failed, that the key is gone. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** 0..1 while {@link ValuePhase#READING}. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** {@code 1.50 MiB of 2.00 MiB}. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** A string value's bytes and what each view makes of them; null for other types. */
    public ReadOnlyObjectProperty<StringContent> contentProperty() {
        return content.getReadOnlyProperty();
    }

    /** {@code npy}, {@code safetensors}, … when the value decoded; null otherwise. */
    public ReadOnlyStringProperty formatBadgeProperty() {
        return formatBadge.getReadOnlyProperty();
    }

    /** Strings above this many bytes are read only after {@link #readAnyway()}; 1 MiB unless set. */
    public LongProperty bigValueThresholdProperty() {
        return bigValueThreshold;
    }

    /** The string value's tensors. */
    public TensorSelection tensors() {
        return tensors;
    }

    /** The collection's pages, for hashes, sets, sorted sets, lists and streams. */
    public CollectionModel collection() {
        return collection;
    }
}
