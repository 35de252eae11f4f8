package dev.tensorlens.redis;

import dev.tensorlens.mlstate.KeyEntry;
import dev.tensorlens.mlstate.LayoutRecognizer;
import dev.tensorlens.mlstate.MlStateIndex;
import dev.tensorlens.mlstate.RedisType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every model, version, cached array and dataset split of the connected database, for the Models, Data and Datasets
 * views: built from a background walk of the whole keyspace and, when asked, kept current from keyspace events.
 *
 * <ul>
 *   <li><b>The walk.</b> Two passes over the keyspace, on every master of a cluster: {@code SCAN … TYPE hash}
 *       first (hashes hold the checkpoints, and a hash of any name may be a cached raw array, which only its fields
 *       tell), then one plain {@code SCAN} whose names alone say whether a string, list, set or sorted set could
 *       matter; only those get a {@code TYPE}. Of the keys found only the ones the rules can claim are described
 *       ({@link CatalogueProbe}: field names of a sized hash, members of a versions zset, sizes), so a keyspace of
 *       millions of unrelated keys costs two walks over their names and little more. (A walk per type cost as much
 *       server time each as a walk over everything: 0.85 s per million keys here.)</li>
 *   <li><b>First entries early.</b> The index is recognised again from the kept keys and handed to the listener at
 *       once for the first find, then at most every {@value #PUBLISH_EVERY_MS} ms, and once more at the end.</li>
 *   <li><b>Bytes.</b> Kept keys are held by their exact bytes; the index names them by their display text, which
 *       {@link Keys#bytes} reads back to those bytes (non-UTF-8 keys included).</li>
 *   <li><b>Live.</b> {@link #follow} applies keyspace events: a key that went leaves, a key written is described
 *       again (one {@code TYPE}, then as in the walk); the index is published again when it changed.</li>
 * </ul>
 * Listeners are called on a Lettuce or timer thread: hop to your own.
 */
public final class MlStateCatalogue {

    static final long PUBLISH_EVERY_MS = 250;
    /** How long events are gathered before the keys they name are described again. */
    static final long APPLY_EVENTS_AFTER_MS = 100;
    /** The passes of a walk: the hashes, then every key for the strings, lists, sets and sorted sets among them. */
    private static final List<RedisType> PASSES = List.of(RedisType.HASH, RedisType.OTHER);

    /** How far a walk has come: passes done of all, and the keys of the pass in progress against the database's size. */
    public record Progress(int passesDone, int passes, long keysSeen, long dbSize, boolean done) {
        /** 0 … 1 over the whole walk; exactly 1 when done. */
        public double fraction() {
            if (done) {
                return 1.0;
            }
            double within = dbSize <= 0 ? 0 : Math.min(1.0, (double) keysSeen / dbSize);
            return Math.min(0.99, (passesDone + within) / passes);
        }
    }

    private final RedisSession session;
    private final CatalogueProbe probe;
    private final LayoutRecognizer recognizer = new LayoutRecognizer();
    private final Map<ByteBuffer, KeyEntry> kept = new ConcurrentHashMap<>();
    private final Throttle published;
    private volatile MlStateIndex current = empty();
    private volatile Consumer<List<String>> changes = keys -> { };

    /** @param updates where each new index goes, on a Lettuce or timer thread */
    public MlStateCatalogue(RedisSession session, Consumer<MlStateIndex> updates) {
        this.session = Objects.requireNonNull(session);
        this.probe = new CatalogueProbe(session);
        this.published = new Throttle(PUBLISH_EVERY_MS, () -> {
            MlStateIndex index = recognize();
            current = index;
            updates.accept(index);
        });
    }

    private static MlStateIndex empty() {
        return new MlStateIndex(List.of(), List.of(), List.of());
    }

    /**
     * Where the names of keys written or removed go, each batch of followed events once, after the index was
     * published again: a view that read a key's value knows which ones to read again, and leaves the rest. Called on a
     * Lettuce or timer thread.
     */
    public void onChanges(Consumer<List<String>> listener) {
        changes = Objects.requireNonNull(listener);
    }

    /** The index as last published. */
    public MlStateIndex current() {
        return current;
    }

    /** How many keys the index is made from: the claimable ones, not the keyspace. */
    public int keptKeys() {
        return kept.size();
    }

    /**
     * Walks the keyspace, forgetting what an earlier walk kept. {@link CatalogueWalk#stop()} ends it after the page in
     * flight with what was found; cancelling its result drops everything still on its way.
     */
    public CatalogueWalk scan(Consumer<Progress> progress) {
        kept.clear();
        published.reset();
        CatalogueWalk walk = new CatalogueWalk();
        walk.next(0, progress);
        return walk;
    }

    /** A running walk: its result (the final index) and a way to stop it early, keeping what it found. */
    public final class CatalogueWalk {
        private final CompletableFuture<MlStateIndex> result = new CompletableFuture<>();
        private final List<CompletableFuture<?>> pending = new ArrayList<>();
        private volatile ScanHandle scan;
        private volatile boolean stopped;

        private CatalogueWalk() {
            result.whenComplete((index, failure) -> {
                if (result.isCancelled()) {
                    ScanHandle s = scan;
                    if (s != null) {
                        s.result().cancel(true);
                    }
                    synchronized (pending) {
                        pending.forEach(p -> p.cancel(true));
                    }
                }
            });
        }

        /** Completes with the index once both passes are done (or the walk was stopped); fails on a Redis error. */
        public CompletableFuture<MlStateIndex> result() {
            return result;
        }

        /** Ends the walk after the page in flight; what was found is published and becomes the result. */
        public void stop() {
            stopped = true;
            ScanHandle s = scan;
            if (s != null) {
                s.cancel();
            }
        }

        private void next(int pass, Consumer<Progress> progress) {
            if (result.isDone()) {
                return;
            }
            if (pass == PASSES.size() || stopped) {
                progress.accept(new Progress(pass, PASSES.size(), 0, 0, true));
                published.now();
                result.complete(current);
                return;
            }
            boolean hashes = PASSES.get(pass) == RedisType.HASH;
            ScanRequest request = hashes ? ScanRequest.all().withType("hash") : ScanRequest.all();
            // paced: on a keyspace of millions the SCAN would otherwise run far ahead of the probes, their commands
            // and replies piling up in memory; at most two pages are described at a time
            ScanHandle s = new KeyScanner(session).scanPaced(request,
                    page -> describe(hashes ? probe.describe(page, RedisType.HASH) : probe.describeNonHashes(page)),
                    p -> progress.accept(new Progress(pass, PASSES.size(), p.keysSeen(), p.dbSize(), false)));
            scan = s;
            s.result().thenCompose(summary -> allPending()).whenComplete((v, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(RedisErrors.wrap("Listing the models, arrays and datasets", failure));
                } else {
                    next(pass + 1, progress);
                }
            });
        }

        /**
         * Lettuce thread, one page at a time: what the page's claimable keys are is found out in the background.
         * Done when what the page found is kept (or the probe failed, which the walk reports at its end).
         */
        private CompletableFuture<Void> describe(CompletableFuture<List<CatalogueProbe.Found>> found) {
            // the walk waits for this, not only for the commands: what a page found is kept before the next type
            CompletableFuture<Void> applied = found.thenAccept(list -> {
                if (!list.isEmpty() && !result.isCancelled()) {
                    list.forEach(f -> kept.put(ByteBuffer.wrap(f.key()), f.entry()));
                    published.soon();
                }
            });
            Futures.cancelTogether(applied, found);
            synchronized (pending) {
                pending.add(applied);
            }
            return applied;
        }

        private CompletableFuture<Void> allPending() {
            CompletableFuture<?>[] all;
            synchronized (pending) {
                all = pending.toArray(CompletableFuture[]::new);
                pending.clear();
            }
            return CompletableFuture.allOf(all);
        }
    }

    /**
     * Follows keyspace events and keeps the index current. Fails, saying so in words, when the server's
     * notification flags do not cover keyspace events (the Browser's Live button can turn them on, with the user's
     * consent); nothing on the server is changed here. Close the subscription to stop following.
     */
    public CompletableFuture<PubSubHub.Subscription> follow() {
        KeyspaceEvents events = new KeyspaceEvents(session);
        EventBatch batch = new EventBatch();
        CompletableFuture<PubSubHub.Subscription> following = events.notificationFlagsByMaster().thenCompose(flags -> {
            if (!KeyspaceEvents.everyMasterCovers(flags)) {
                return CompletableFuture.failedFuture(new RedisOperationException("follow", "Following changes needs "
                        + "keyspace notifications, which are off on this server (notify-keyspace-events is "
                        + String.join(", ", flags.values()).replaceAll("^$", "empty")
                        + "). Turn on Live in the Browser, or press F5 to list again.", null));
            }
            return events.subscribe(batch::add);
        });
        return following;
    }

    /** Events gathered for a moment, then applied together: a key written many times is described once. */
    private final class EventBatch {
        private final Map<ByteBuffer, String> lastEvent = new ConcurrentHashMap<>();
        private final Throttle apply = new Throttle(APPLY_EVENTS_AFTER_MS, this::apply);

        void add(KeyspaceEvents.KeyEvent event) {
            lastEvent.put(ByteBuffer.wrap(event.key()), event.event());
            apply.later();
        }

        private void apply() {
            List<CompletableFuture<?>> described = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            for (ByteBuffer key : List.copyOf(lastEvent.keySet())) {
                String event = lastEvent.remove(key);
                byte[] bytes = new byte[key.remaining()];
                key.duplicate().get(bytes);
                changed.add(Keys.display(bytes));
                if (KeyspaceEvents.isGone(event)) {
                    kept.remove(key);
                } else {
                    described.add(probe.describeOne(bytes).thenAccept(found -> found.ifPresentOrElse(
                            f -> kept.put(key, f.entry()), () -> kept.remove(key))));
                }
            }
            CompletableFuture.allOf(described.toArray(CompletableFuture[]::new))
                    .whenComplete((v, failure) -> {
                        published.now();
                        changes.accept(List.copyOf(changed));
                    });
        }
    }

    /** The index of the keys kept now, recognised in key order so that it does not depend on the order of finding. */
    private MlStateIndex recognize() {
        List<KeyEntry> entries = new ArrayList<>(kept.values());
        entries.sort(Comparator.comparing(KeyEntry::key));
        return recognizer.recognize(entries);
    }

    /**
     * Runs an action at most once per interval: {@link #soon()} at once when the last run is old enough, else once at
     * the end of the interval; {@link #later()} always after the interval; {@link #now()} at once.
     */
    private static final class Throttle {
        private final long intervalNanos;
        private final Runnable action;
        private long last;
        private boolean scheduled;

        Throttle(long intervalMs, Runnable action) {
            this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
            this.action = action;
        }

        synchronized void reset() {
            last = 0;
        }

        void soon() {
            long wait;
            synchronized (this) {
                if (scheduled) {
                    return;
                }
                wait = last == 0 ? 0 : last + intervalNanos - System.nanoTime();
                if (wait > 0) {
                    scheduled = true;
                }
            }
            if (wait > 0) {
                CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS).execute(this::fire);
            } else {
                now();
            }
        }

        void later() {
            synchronized (this) {
                if (scheduled) {
                    return;
                }
                scheduled = true;
            }
            CompletableFuture.delayedExecutor(intervalNanos, TimeUnit.NANOSECONDS).execute(this::fire);
        }

        private void fire() {
            synchronized (this) {
                scheduled = false;
            }
            now();
        }

        synchronized void now() {
            last = System.nanoTime();
            action.run();
        }
    }
}
