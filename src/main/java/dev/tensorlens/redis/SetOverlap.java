package dev.tensorlens.redis;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ValueScanCursor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The members two sets share, found without loading either: the smaller set is read in pages ({@code SSCAN}) and
 * each page is checked against the other set ({@code SMISMEMBER}, or pipelined {@code SISMEMBER} before Redis 6.2).
 * Client memory stays at one page, and every command touches one key, so it also works for two sets in different
 * slots of a cluster. Used where {@code SINTERCARD} cannot be (before Redis 7, across slots) and to list shared
 * members, which {@code SINTERCARD} only counts.
 *
 * <p>Like every {@code SSCAN}, a set changed during the walk can have a member seen twice or missed; for a set left
 * alone the result is exact.
 */
final class SetOverlap {

    /** What to do with each checked page: return false to stop early. */
    interface PageSink {
        boolean accept(List<byte[]> members, List<Boolean> inOther);
    }

    private final RedisSession session;
    private final int version;
    private final int pageSize;

    SetOverlap(RedisSession session, int version, int pageSize) {
        this.session = session;
        this.version = version;
        this.pageSize = pageSize;
    }

    /** Counts the shared members into {@code result}, reporting each page to {@code progress}. */
    void count(byte[] a, byte[] b, Consumer<OverlapProgress> progress, CompletableFuture<Long> result) {
        long[] shared = {0};
        walk(a, b, progress, (members, inOther) -> {
            inOther.forEach(found -> shared[0] += found ? 1 : 0);
            return true;
        }, result, () -> shared[0]);
    }

    /** Up to {@code limit} shared members into {@code result}; stops reading once it has them. */
    void members(byte[] a, byte[] b, int limit, CompletableFuture<List<byte[]>> result) {
        List<byte[]> shared = new ArrayList<>();
        walk(a, b, p -> { }, (members, inOther) -> {
            for (int i = 0; i < members.size() && shared.size() < limit; i++) {
                if (inOther.get(i)) {
                    shared.add(members.get(i));
                }
            }
            return shared.size() < limit;
        }, result, () -> List.copyOf(shared));
    }

    private <T> void walk(byte[] a, byte[] b, Consumer<OverlapProgress> progress, PageSink sink,
                          CompletableFuture<T> result, Supplier<T> outcome) {
        CompletableFuture<Long> sizeA = session.read("SCARD", c -> c.scard(a));
        CompletableFuture<Long> sizeB = session.read("SCARD", c -> c.scard(b));
        Futures.cancelTogether(result, sizeA, sizeB);
        sizeA.thenCombine(sizeB, (na, nb) -> new long[] {na, nb}).whenCompleteAsync((sizes, failure) -> {
            if (failure != null) {
                result.completeExceptionally(RedisErrors.unwrap(failure));
                return;
            }
            boolean aSmaller = sizes[0] <= sizes[1];
            long total = Math.min(sizes[0], sizes[1]);
            if (total == 0) {
                progress.accept(new OverlapProgress(0, 0));
                result.complete(outcome.get());
                return;
            }
            Walk<T> walk = new Walk<>(aSmaller ? a : b, aSmaller ? b : a, total, progress, sink, result, outcome);
            walk.page(ScanCursor.INITIAL);
        }, session.executor());
    }

    /** One walk over the smaller set: a page in flight at a time. */
    private final class Walk<T> {
        final byte[] scanned;
        final byte[] other;
        final long total;
        final Consumer<OverlapProgress> progress;
        final PageSink sink;
        final CompletableFuture<T> result;
        final Supplier<T> outcome;
        long checked;

        Walk(byte[] scanned, byte[] other, long total, Consumer<OverlapProgress> progress, PageSink sink,
             CompletableFuture<T> result, Supplier<T> outcome) {
            this.scanned = scanned;
            this.other = other;
            this.total = total;
            this.progress = progress;
            this.sink = sink;
            this.result = result;
            this.outcome = outcome;
        }

        void page(ScanCursor cursor) {
            if (result.isDone()) {
                return; // cancelled: stop after the page in flight
            }
            CompletableFuture<ValueScanCursor<byte[]>> page = session.read("SSCAN",
                    c -> c.sscan(scanned, cursor, ScanArgs.Builder.limit(pageSize)));
            Futures.cancelTogether(result, page);
            // every step hops to the session's threads: the caller's thread never runs the sink or the progress
            page.thenComposeAsync(p -> check(p.getValues()).thenApplyAsync(found -> {
                boolean more = sink.accept(p.getValues(), found);
                checked += p.getValues().size();
                progress.accept(new OverlapProgress(checked, total));
                return more && !p.isFinished() ? p : null;
            }, session.executor()), session.executor()).whenComplete((next, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(RedisErrors.unwrap(failure));
                } else if (next == null) {
                    result.complete(outcome.get());
                } else {
                    page(next);
                }
            });
        }

        /** Whether each member is in the other set, in order. */
        CompletableFuture<List<Boolean>> check(List<byte[]> members) {
            if (members.isEmpty()) {
                return CompletableFuture.completedFuture(List.of()); // SSCAN may return an empty page mid-way
            }
            return SetMembership.isMember(session, version, other, members);
        }
    }
}
