package dev.tensorlens.ui.browser.value;

import dev.tensorlens.redis.Futures;
import dev.tensorlens.redis.KeyInfo;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisErrors;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ValueReader;
import dev.tensorlens.ui.common.Format;
import dev.tensorlens.ui.common.SessionModel;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The value pane's state for one key: what it is (type, size, memory, TTL), then its content — a string read
 * (after asking when it is large), decoded off the FX thread and offered as tensor, text, JSON and hex; or a
 * collection a page at a time ({@link #collection()}). Opening another key cancels everything of the previous one.
 */
public final class ValueModel {

    /** Bytes per {@code GETRANGE} of a big string: small enough for steady progress and a quick stop. */
    static final int READ_CHUNK_BYTES = 512 * 1024;
    public static final long DEFAULT_BIG_VALUE_THRESHOLD = 1_048_576;

    private static final List<String> COLLECTIONS = List.of("hash", "set", "zset", "list", "stream");

    private final SessionModel session;
    private final UiExecutor ui;
    private final ExecutorService worker;

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
    /** Bumped by every open, close and cancelled read: answers for an older one are dropped. */
    private long generation;
    private final List<CompletableFuture<?>> inflight = new CopyOnWriteArrayList<>();

    public ValueModel(SessionModel session, UiExecutor ui) {
        this.session = session;
        this.ui = ui;
        AtomicInteger n = new AtomicInteger();
        this.worker = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "tensorlens-value-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
        long mine = generation;
        CompletableFuture<KeyInfo> describing = track(() -> new ValueReader(s).describe(key));
        ui.whenDone(describing, info -> {
            if (mine == generation) {
                described(s, info);
            }
        }, failure -> failed(mine, "Reading what " + keyText.get() + " is", failure));
    }

    private void described(RedisSession s, KeyInfo info) {
        keyInfo.set(info);
        if (!info.exists()) {
            message.set("The key " + keyText.get() + " does not exist: it was deleted, renamed or it expired.");
            phase.set(ValuePhase.MISSING);
        } else if (info.type().equals("string")) {
            if (info.size() > bigValueThreshold.get()) {
                askBeforeReading("This value is " + Format.bytes(info.size()) + ", more than the "
                        + Format.bytes(bigValueThreshold.get()) + " read without asking.");
            } else {
                read(s, info);
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
            read(s, keyInfo.get());
        }
    }

    /** Stops a read in progress; the pane asks again, saying how far it got. */
    public void cancelRead() {
        if (phase.get() != ValuePhase.READING) {
            return;
        }
        String got = progressText.get();
        generation++; // progress of the chunk in flight is dropped
        cancelInflight();
        askBeforeReading("Reading stopped after " + got + ". Read it again when you are ready.");
    }

    private void read(RedisSession s, KeyInfo info) {
        long mine = generation;
        long size = info.size();
        phase.set(ValuePhase.READING);
        showProgress(0, size);
        CompletableFuture<byte[]> reading = track(() -> new ValueReader(s).readString(key, size, READ_CHUNK_BYTES,
                done -> ui.execute(() -> {
                    if (mine == generation) {
                        showProgress(done, size);
                    }
                })));
        ui.whenDone(reading, bytes -> {
            if (mine == generation) {
                decode(bytes);
            }
        }, failure -> failed(mine, "Reading " + keyText.get(), failure));
    }

    private void showProgress(long done, long size) {
        progressText.set(Format.bytes(done) + " of " + Format.bytes(size)); // first: progress listeners read it
        progress.set(size <= 0 ? 1 : Math.min(1, (double) done / size));
    }

    private void decode(byte[] bytes) {
        long mine = generation;
        phase.set(ValuePhase.DECODING);
        String name = keyText.get();
        CompletableFuture<StringContent> decoding = track(() -> CompletableFuture.supplyAsync(
                () -> StringContent.of(bytes, name), worker));
        ui.whenDone(decoding, c -> {
            if (mine != generation) {
                return;
            }
            content.set(c);
            formatBadge.set(c.formatBadge());
            tensors.show(c.decoded(), lastSegment(name));
            phase.set(ValuePhase.SHOWN);
        }, failure -> failed(mine, "Decoding " + name, failure));
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
        generation++;
        cancelInflight();
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

    private void cancelInflight() {
        inflight.forEach(f -> f.cancel(true));
        inflight.clear();
    }

    /**
     * Starts {@code work} with its future already tracked: a read whose first chunk is answered before
     * {@code readString} even returns calls back into this model, which must be able to cancel it by then.
     */
    private <T> CompletableFuture<T> track(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> tracked = new CompletableFuture<>();
        inflight.add(tracked);
        tracked.whenComplete((v, e) -> inflight.remove(tracked));
        CompletableFuture<T> started = work.get();
        Futures.cancelTogether(tracked, started);
        started.whenComplete((v, e) -> {
            if (e != null) {
                tracked.completeExceptionally(e);
            } else {
                tracked.complete(v);
            }
        });
        return tracked;
    }

    private void failed(long mine, String what, Throwable failure) {
        if (mine == generation) {
            fail(RedisErrors.describe(what, failure));
        }
    }

    private void fail(String text) {
        message.set(text);
        phase.set(ValuePhase.FAILED);
    }

    /** Stops the decoding threads; the model is not used afterwards. */
    public void dispose() {
        close();
        worker.shutdownNow();
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
