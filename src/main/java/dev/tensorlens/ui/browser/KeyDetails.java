package dev.tensorlens.ui.browser;

import dev.tensorlens.mlstate.KeyKind;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.redis.KeyInfo;
import dev.tensorlens.redis.KeyMetadataReader;
import dev.tensorlens.redis.KeyMetadataReader.KeyMetadata;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.Futures;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Type, size, memory, TTL and ML badge of the keys the user can see, fetched lazily: the view says which keys are
 * on screen, the ones not known yet are described in one pipelined batch, and the answers are kept (up to
 * {@value #CAPACITY} keys, least recently used dropped). Scrolling on cancels the batch for rows no longer shown.
 * Runs on the UI executor; the Redis work is {@link KeyMetadataReader}'s.
 */
final class KeyDetails {

    /** What one row shows beyond its name. */
    record Details(KeyInfo info, Optional<KeyKind> kind) {
    }

    static final int CAPACITY = 20_000;
    /** At most this many keys per batch: a very tall window does not send thousands of commands at once. */
    static final int BATCH = 200;

    private final Supplier<RedisSession> session;
    /** The batch for the rows on screen: scrolling on replaces it. */
    private final Jobs visibleBatch;
    /** The opened key's details: beside the rows' batches, neither cancels the other. */
    private final Jobs openedKey;
    private final ReadOnlyLongWrapper generation = new ReadOnlyLongWrapper(this, "generation");
    private final ReadOnlyLongWrapper stale = new ReadOnlyLongWrapper(this, "stale");
    private final Map<ByteBuffer, Details> known = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Details> eldest) {
            return size() > CAPACITY;
        }
    };
    KeyDetails(Supplier<RedisSession> session, UiExecutor ui) {
        this.session = session;
        this.visibleBatch = new Jobs(ui);
        this.openedKey = new Jobs(ui);
    }

    /** What is known of a key, or null until its batch comes back. */
    Details get(byte[] key) {
        return known.get(ByteBuffer.wrap(key));
    }

    /** Grows each time answers arrive or are forgotten: cells listen to it to draw themselves again. */
    ReadOnlyLongProperty generationProperty() {
        return generation.getReadOnlyProperty();
    }

    /** The keys now on screen; those not known yet are described, replacing the batch still in flight. */
    void show(List<byte[]> visible) {
        RedisSession s = session.get();
        if (s == null) {
            return;
        }
        List<byte[]> missing = new ArrayList<>();
        for (byte[] key : visible) {
            if (!known.containsKey(ByteBuffer.wrap(key)) && missing.size() < BATCH) {
                missing.add(key);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        visibleBatch.<List<Details>>replacing("Describing the keys on screen") // the batch before is cancelled
                .onSuccess(this::remember)
                .start(() -> describe(s, missing));
    }

    /**
     * The details of one key the user opened, which may not be on screen (found by pattern, or scrolled away); not
     * latest-wins with the rows' batches, so neither cancels the other.
     */
    void fetch(byte[] key) {
        RedisSession s = session.get();
        if (s == null || known.containsKey(ByteBuffer.wrap(key))) {
            return;
        }
        openedKey.<List<Details>>job("Describing " + Keys.display(key))
                .onSuccess(this::remember)
                .start(() -> describe(s, List.of(key)));
    }

    /** One pipelined batch, classified; cancelling it stops sending its commands. */
    private static CompletableFuture<List<Details>> describe(RedisSession s, List<byte[]> keys) {
        CompletableFuture<List<KeyMetadata>> commands = new KeyMetadataReader(s).describeAll(keys);
        return Futures.map(commands, KeyDetails::classify);
    }

    /**
     * Keeps a batch's answers; cells draw themselves again. (A batch sent before {@link #clear} never gets here; a
     * failed one leaves its rows without details: the value pane says what failed when a key is opened.)
     */
    private void remember(List<Details> details) {
        details.forEach(d -> known.put(ByteBuffer.wrap(d.info().key()), d));
        generation.set(generation.get() + 1);
    }

    /** Badges are worked out where the answers arrive (a Lettuce thread): a sniff of 64 bytes per key. */
    private static List<Details> classify(List<KeyMetadata> metadata) {
        List<Details> out = new ArrayList<>(metadata.size());
        for (KeyMetadata m : metadata) {
            KeyInfo info = m.info();
            Optional<KeyKind> kind = info.exists()
                    ? KeyKind.of(Keys.display(info.key()), RedisType.fromTypeReply(info.type()), m.head(),
                            m.sampleFields().stream().map(Keys::display).toList())
                    : Optional.empty();
            out.add(new Details(info, kind));
        }
        return out;
    }

    /** A key changed or went: its details are fetched again when it is next on screen. */
    void forget(byte[] key) {
        forgetAll(List.of(key));
    }

    /** Keys changed or went: one redraw for all of them, and the rows on screen ask again ({@link #staleProperty}). */
    void forgetAll(List<byte[]> keys) {
        boolean any = false;
        for (byte[] key : keys) {
            any |= known.remove(ByteBuffer.wrap(key)) != null;
        }
        if (any) {
            generation.set(generation.get() + 1);
            stale.set(stale.get() + 1);
        }
    }

    /** Grows when known details were dropped: the view then asks again for the keys on screen. */
    ReadOnlyLongProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    /** Forgets everything: a new scan, another server. */
    void clear() {
        visibleBatch.cancelAll();
        openedKey.cancelAll();
        known.clear();
        generation.set(generation.get() + 1);
        stale.set(stale.get() + 1);
    }
}
