package dev.tensorlens.redis;

import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanCursor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A background walk of the keyspace with {@code SCAN} (never {@code KEYS}), streaming pages of {@code byte[]} keys
 * to a consumer as they arrive.
 *
 * <ul>
 *   <li>Pages: each {@code SCAN} reply is one page; non-empty pages go to the consumer in order, one at a time
 *       (never concurrently), on a Lettuce thread — hop to your own thread for UI work. The next {@code SCAN} is
 *       sent before the consumer runs, so the server works while the consumer does. A consumer that throws
 *       stops the scan and fails the result. A consumer that hands pages on to a thread of its own says when it is
 *       done with each ({@link #scanPaced}), and the scan goes no faster than it.</li>
 *   <li>{@code COUNT} follows {@link AdaptiveCount}.</li>
 *   <li>{@code MATCH}: a pattern without glob characters ({@link KeyPattern#literal}) names one key, which is
 *       looked up with {@code EXISTS} (or {@code TYPE} when a type is asked for) instead of walking the keyspace.</li>
 *   <li>Type: {@code SCAN … TYPE t} on Redis 6 and later (version from {@code INFO server}); on older servers
 *       every page is filtered with pipelined {@code TYPE} calls.</li>
 *   <li>Cluster: Lettuce's cluster {@code SCAN} walks every master in turn with a cursor that remembers the node;
 *       the pages of all masters arrive through the same consumer. Sentinel and standalone scan the session's
 *       (master) server.</li>
 *   <li>Duplicates: like SCAN, a key can be delivered twice if the server shrinks its table during the scan;
 *       nothing is de-duplicated.</li>
 * </ul>
 */
public final class KeyScanner {

    /** How to honour a type filter; tests force the pre-6.0 path on a new server. */
    enum TypeFiltering { AUTO, SERVER_SIDE, PIPELINED_TYPE }

    private final RedisSession session;
    private final TypeFiltering typeFiltering;

    public KeyScanner(RedisSession session) {
        this(session, TypeFiltering.AUTO);
    }

    KeyScanner(RedisSession session, TypeFiltering typeFiltering) {
        this.session = Objects.requireNonNull(session);
        this.typeFiltering = typeFiltering;
    }

    /** Starts a scan; see the class comment. */
    public ScanHandle scan(ScanRequest request, Consumer<List<byte[]>> pages) {
        return scan(request, pages, p -> { });
    }

    /** Starts a scan; {@code progress} is called after every page and once at the end, on a Lettuce thread. */
    public ScanHandle scan(ScanRequest request, Consumer<List<byte[]>> pages, Consumer<ScanProgress> progress) {
        return scanPaced(request, keys -> {
            pages.accept(keys);
            return TAKEN;
        }, progress);
    }

    /**
     * Starts a scan whose pace a consumer that works elsewhere sets: it returns, for each page, a stage that completes
     * when it is done with the page, and the next {@code SCAN} waits until the consumer is done with the page before
     * last. At most two pages then wait for a slow consumer, whatever the keyspace's size: the server is never more
     * than one page ahead of it, and keys do not pile up in memory (10 M keys scanned faster than they were indexed
     * once held 6 M of them as objects the collector copied in every pause).
     */
    public ScanHandle scanPaced(ScanRequest request, Function<List<byte[]>, ? extends CompletionStage<?>> pages,
                                Consumer<ScanProgress> progress) {
        Run run = new Run(request, pages, progress);
        ScanHandle handle = new ScanHandle(run.result, run::cancel, run::progress);
        // Started from a thread of our own, never the caller's: replies that are already there when the callbacks
        // are attached would otherwise deliver the first page on the caller's thread, before it holds the handle.
        session.executor().execute(run::start);
        return handle;
    }

    /**
     * The keys of one type among {@code keys}, in order: one {@code TYPE} per key, all sent at once (Lettuce pipelines
     * them on the connection). For servers without {@code SCAN … TYPE}, and for keys learnt outside a scan.
     */
    public static CompletableFuture<List<byte[]>> keepType(RedisSession session, List<byte[]> keys, String type) {
        List<CompletableFuture<String>> types = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            types.add(session.read("TYPE", c -> c.type(key)));
        }
        return CompletableFuture.allOf(types.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<byte[]> kept = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                if (type.equalsIgnoreCase(types.get(i).join())) {
                    kept.add(keys.get(i));
                }
            }
            return kept;
        });
    }

    private static final CompletableFuture<Void> TAKEN = CompletableFuture.completedFuture(null);

    private final class Run {
        final ScanRequest request;
        final Function<List<byte[]>, ? extends CompletionStage<?>> consumer;
        final Consumer<ScanProgress> progressListener;
        final CompletableFuture<ScanSummary> result = new CompletableFuture<>();
        final AdaptiveCount count = new AdaptiveCount();
        final AtomicLong keysSeen = new AtomicLong();
        final AtomicInteger pages = new AtomicInteger();
        final long startNanos = System.nanoTime();
        volatile long dbSize = -1;
        volatile boolean stopRequested;
        volatile CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
        /** Pages are appended in reply order and delivered one after the other. */
        CompletableFuture<Void> delivery = CompletableFuture.completedFuture(null);
        /** Done when the consumer is done with the last page delivered; the next page's SCAN waits for it. */
        volatile CompletableFuture<Void> lastTaken = TAKEN;
        boolean serverSideType;

        Run(ScanRequest request, Function<List<byte[]>, ? extends CompletionStage<?>> consumer,
            Consumer<ScanProgress> progressListener) {
            this.request = Objects.requireNonNull(request);
            this.consumer = Objects.requireNonNull(consumer);
            this.progressListener = Objects.requireNonNull(progressListener);
            // Latest wins: whoever cancels the future does not want the page in flight either.
            result.whenComplete((v, e) -> {
                if (result.isCancelled()) {
                    stopRequested = true;
                    inFlight.cancel(true);
                }
            });
        }

        void start() {
            byte[] pattern = request.matchBytes();
            if (pattern != null) {
                var literal = KeyPattern.literal(pattern);
                if (literal.isPresent()) {
                    exactKey(literal.get());
                    return;
                }
            }
            CompletableFuture<Long> size = session.read("DBSIZE", c -> c.dbsize());
            CompletableFuture<Boolean> typeOnServer = request.type() == null ? CompletableFuture.completedFuture(false)
                    : switch (typeFiltering) {
                        case SERVER_SIDE -> CompletableFuture.completedFuture(true);
                        case PIPELINED_TYPE -> CompletableFuture.completedFuture(false);
                        case AUTO -> session.read("INFO", c -> c.info("server"))
                                .thenApply(text -> ServerInfo.parse(text).versionNumber() >= 600);
                    };
            inFlight = size;
            size.thenCombine(typeOnServer, (n, server) -> {
                dbSize = n;
                serverSideType = server;
                return null;
            }).whenComplete((v, e) -> {
                if (e != null) {
                    fail(e);
                } else {
                    next(null);
                }
            });
        }

        private void exactKey(byte[] key) {
            CompletableFuture<Boolean> found = request.type() == null
                    ? session.read("EXISTS", c -> c.exists(key)).thenApply(n -> n != null && n > 0)
                    : session.read("TYPE", c -> c.type(key)).thenApply(t -> request.type().equalsIgnoreCase(t));
            inFlight = found;
            found.whenComplete((hit, e) -> {
                if (e != null) {
                    fail(e);
                    return;
                }
                List<byte[]> page = hit ? List.of(key) : List.of();
                CompletableFuture<List<byte[]>> slot = CompletableFuture.completedFuture(page);
                append(slot);
                finish(true, true);
            });
        }

        /**
         * Sends the next SCAN ({@code cursor == null}: the first). On a cluster it is sent from a thread of our own:
         * Lettuce's cluster SCAN opens the connection to the cursor's next node with a blocking join, which
         * deadlocks when it runs on the Lettuce event-loop thread that completed the previous page.
         */
        private void next(KeyScanCursor<byte[]> cursor) {
            if (session.isCluster() && !RedisSession.onSessionThread()) {
                session.executor().execute(() -> next(cursor));
                return;
            }
            if (stopRequested || delivery.isCompletedExceptionally()) {
                finish(false, false);
                return;
            }
            KeyScanArgs args = new KeyScanArgs();
            args.limit(count.current());
            byte[] pattern = request.matchBytes();
            if (pattern != null && !KeyPattern.matchesEverything(pattern)) {
                args.match(pattern);
            }
            if (request.type() != null && serverSideType) {
                args.type(request.type());
            }
            long sent = System.nanoTime();
            // The cursor object is passed back as Lettuce returned it: on a cluster it also names the node.
            CompletableFuture<KeyScanCursor<byte[]>> reply = cursor == null
                    ? session.read("SCAN", c -> c.scan(args))
                    : session.read("SCAN", c -> c.scan((ScanCursor) cursor, args));
            inFlight = reply;
            reply.whenComplete((page, e) -> {
                if (e != null) {
                    fail(e);
                    return;
                }
                try {
                    onPage(page, sent);
                } catch (RuntimeException bug) {
                    fail(bug); // never leave the result hanging
                }
            });
        }

        private void onPage(KeyScanCursor<byte[]> page, long sent) {
            {
                count.next(Duration.ofNanos(System.nanoTime() - sent));
                CompletableFuture<List<byte[]>> slot = new CompletableFuture<>();
                CompletableFuture<Void> pageBeforeTaken = lastTaken;
                lastTaken = append(slot);
                if (page.isFinished()) {
                    finish(true, false);
                } else {
                    pageBeforeTaken.whenComplete((v, e) -> next(page));
                }
                filter(page.getKeys()).whenComplete((keys, fe) -> {
                    if (fe != null) {
                        slot.completeExceptionally(fe);
                    } else {
                        slot.complete(keys);
                    }
                });
            }
        }

        private CompletableFuture<List<byte[]>> filter(List<byte[]> keys) {
            if (request.type() == null || serverSideType || keys.isEmpty()) {
                return CompletableFuture.completedFuture(keys);
            }
            return keepType(session, keys, request.type()); // before Redis 6
        }

        /** Queues a page for the consumer; the future completes when the consumer is done with it (or it failed). */
        private synchronized CompletableFuture<Void> append(CompletableFuture<List<byte[]>> slot) {
            CompletableFuture<Void> taken = new CompletableFuture<>();
            delivery = delivery.thenCombine(slot, (v, keys) -> {
                if (result.isDone()) {
                    taken.complete(null);
                    return null;
                }
                CompletionStage<?> done = keys.isEmpty() ? TAKEN : consumer.apply(keys);
                done.whenComplete((d, e) -> taken.complete(null));
                keysSeen.addAndGet(keys.size());
                pages.incrementAndGet();
                progressListener.accept(progress());
                return null;
            });
            // a failed delivery lets the next SCAN go, which sees the failure and ends the scan with it
            delivery.whenComplete((v, e) -> {
                if (e != null) {
                    taken.complete(null);
                }
            });
            return taken;
        }

        private synchronized void finish(boolean complete, boolean exact) {
            delivery.whenComplete((v, e) -> {
                if (e != null) {
                    fail(e);
                    return;
                }
                ScanSummary summary = new ScanSummary(keysSeen.get(), pages.get(), dbSize,
                        Duration.ofNanos(System.nanoTime() - startNanos), complete, exact);
                // the last report goes out before the result: whoever waits on the result has seen the scan done
                if (!result.isDone()) {
                    progressListener.accept(new ScanProgress(keysSeen.get(), pages.get(), dbSize, true));
                    result.complete(summary);
                }
            });
        }

        private void fail(Throwable e) {
            result.completeExceptionally(RedisErrors.unwrap(e));
        }

        void cancel() {
            stopRequested = true;
        }

        ScanProgress progress() {
            return new ScanProgress(keysSeen.get(), pages.get(), dbSize, result.isDone() && !result.isCompletedExceptionally());
        }
    }
}
