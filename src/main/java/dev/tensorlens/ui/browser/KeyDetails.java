package dev.tensorlens.ui.browser;

import dev.tensorlens.mlstate.KeyKind;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.redis.KeyInfo;
import dev.tensorlens.redis.KeyMetadataReader;
import dev.tensorlens.redis.KeyMetadataReader.KeyMetadata;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.ui.common.LatestWins;
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
    private final UiExecutor ui;
    private final LatestWins<List<Details>> loading = new LatestWins<>();
    private final ReadOnlyLongWrapper generation = new ReadOnlyLongWrapper(this, "generation");
    private final ReadOnlyLongWrapper stale = new ReadOnlyLongWrapper(this, "stale");
    private final Map<ByteBuffer, Details> known = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Details> eldest) {
            return size() > CAPACITY;
        }
    };
    /** Bumped by {@link #clear}: answers to a batch sent before it are dropped. */
    private long epoch;

    KeyDetails(Supplier<RedisSession> session, UiExecutor ui) {
        this.session = session;
        this.ui = ui;
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
        remember(loading.submit(() -> describe(s, missing))); // scrolled on: the batch before is cancelled
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
        remember(describe(s, List.of(key)));
    }

    /** One pipelined batch, classified; cancelling it stops sending its commands. */
    private static CompletableFuture<List<Details>> describe(RedisSession s, List<byte[]> keys) {
        CompletableFuture<List<KeyMetadata>> commands = new KeyMetadataReader(s).describeAll(keys);
        CompletableFuture<List<Details>> classified = commands.thenApply(KeyDetails::classify);
        dev.tensorlens.redis.Futures.cancelTogether(classified, commands);
        return classified;
    }

    /** Keeps a batch's answers unless everything was forgotten since it was sent; cells draw themselves again. */
    private void remember(CompletableFuture<List<Details>> batch) {
        long mine = epoch;
        ui.whenDone(batch, details -> {
            if (mine == epoch) {
                details.forEach(d -> known.put(ByteBuffer.wrap(d.info().key()), d));
                generation.set(generation.get() + 1);
            }
        }, failure -> { }); // a row without details says nothing; the value pane says what failed when opened
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
        epoch++;
        loading.cancel();
        known.clear();
        generation.set(generation.get() + 1);
        stale.set(stale.get() + 1);
    }
}
