package dev.tensorlens.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Reads a hash, set, sorted set, list or stream one page at a time ({@code HSCAN}, {@code SSCAN}, {@code ZSCAN},
 * {@code LRANGE}, {@code XRANGE}), never the whole collection. The cursor is opaque text: a scan cursor, a list
 * index or a stream id, depending on the type; {@code null} starts at the beginning.
 */
public final class CollectionPager {

    /** Members per page unless the caller asks for another size. */
    public static final int PAGE_SIZE = 200;
    /**
     * With a {@code MATCH} pattern most of what the server walks is filtered out, so each call walks more of it; a
     * page still ends after this many calls, so a rare match cannot keep one page running over a huge collection.
     */
    static final int MAX_SCAN_CALLS_PER_PAGE = 50;
    static final int MATCH_COUNT_HINT = 1000;

    private final RedisSession session;

    public CollectionPager(RedisSession session) {
        this.session = session;
    }

    /** Whether {@link #page} can filter this type on the server ({@code MATCH}); lists and streams cannot. */
    public static boolean filtersOnServer(String type) {
        return switch (type) {
            case "hash", "set", "zset" -> true;
            default -> false;
        };
    }

    /**
     * The page of {@code key} (of Redis type {@code type}) that starts at {@code cursor}. Scans go on until they
     * have at least {@code count} members or the collection ends, so a page is seldom short; they can return a
     * member twice when the collection is rehashed meanwhile, as every {@code SCAN} can. {@code match} (a Redis glob
     * pattern, see {@link KeyPattern#containing}) is only for hashes, sets and sorted sets. Cancelling the future
     * stops after the call in flight.
     */
    public CompletableFuture<CollectionPage> page(byte[] key, String type, String cursor, byte[] match, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count " + count);
        }
        if (match != null && !filtersOnServer(type)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("MATCH is not available for a " + type));
        }
        return switch (type) {
            case "hash" -> scan(key, cursor, match, count, (c, args) -> session.read("HSCAN",
                    r -> r.hscan(key, c, args)), page -> {
                List<CollectionPage.Entry> out = new ArrayList<>();
                page.getMap().forEach((f, v) -> out.add(CollectionPage.Entry.hashField(f, v)));
                return out;
            });
            case "set" -> scan(key, cursor, match, count, (c, args) -> session.read("SSCAN",
                    r -> r.sscan(key, c, args)), page -> page.getValues().stream()
                    .map(CollectionPage.Entry::setMember).toList());
            case "zset" -> scan(key, cursor, match, count, (c, args) -> session.read("ZSCAN",
                    r -> r.zscan(key, c, args)), page -> page.getValues().stream()
                    .map(sv -> CollectionPage.Entry.scored(sv.getValue(), sv.getScore())).toList());
            case "list" -> listPage(key, cursor, count);
            case "stream" -> streamPage(key, cursor, count);
            default -> CompletableFuture.failedFuture(
                    new IllegalArgumentException("a " + type + " is not a collection that can be paged"));
        };
    }

    /** One scan call of a cursor type ({@code MapScanCursor}, {@code ValueScanCursor}, …). */
    private interface ScanCall<C extends ScanCursor> {
        CompletableFuture<C> call(ScanCursor cursor, ScanArgs args);
    }

    private <C extends ScanCursor> CompletableFuture<CollectionPage> scan(
            byte[] key, String cursor, byte[] match, int count, ScanCall<C> call,
            Function<C, List<CollectionPage.Entry>> entries) {
        ScanArgs args = ScanArgs.Builder.limit(match == null ? count : Math.max(count, MATCH_COUNT_HINT));
        if (match != null) {
            args.match(match);
        }
        CompletableFuture<CollectionPage> result = new CompletableFuture<>();
        ScanCursor start = cursor == null ? ScanCursor.INITIAL : ScanCursor.of(cursor);
        scanStep(start, args, count, call, entries, new ArrayList<>(), 0, result);
        return result;
    }

    private <C extends ScanCursor> void scanStep(ScanCursor cursor, ScanArgs args, int count, ScanCall<C> call,
                                                 Function<C, List<CollectionPage.Entry>> entries,
                                                 List<CollectionPage.Entry> collected, int calls,
                                                 CompletableFuture<CollectionPage> result) {
        if (result.isDone()) {
            return; // cancelled
        }
        CompletableFuture<C> step = call.call(cursor, args);
        Futures.cancelTogether(result, step);
        step.whenComplete((page, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            try {
                collected.addAll(entries.apply(page));
                if (page.isFinished()) {
                    result.complete(new CollectionPage(collected, null));
                } else if (collected.size() >= count || calls + 1 >= MAX_SCAN_CALLS_PER_PAGE) {
                    result.complete(new CollectionPage(collected, page.getCursor()));
                } else {
                    scanStep(page, args, count, call, entries, collected, calls + 1, result);
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e); // never leave the caller waiting on a bug
            }
        });
    }

    private CompletableFuture<CollectionPage> listPage(byte[] key, String cursor, int count) {
        long from = cursor == null ? 0 : Long.parseLong(cursor);
        return Futures.map(session.read("LRANGE", c -> c.lrange(key, from, from + count - 1)), elements -> {
            List<CollectionPage.Entry> out = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                out.add(CollectionPage.Entry.listElement(from + i, elements.get(i)));
            }
            // a full page may be the last one; the next LRANGE then comes back empty, which ends it
            return new CollectionPage(out, elements.size() < count ? null : Long.toString(from + elements.size()));
        });
    }

    private CompletableFuture<CollectionPage> streamPage(byte[] key, String cursor, int count) {
        Range<String> range = Range.from(cursor == null ? Range.Boundary.unbounded() : Range.Boundary.including(cursor),
                Range.Boundary.unbounded());
        return Futures.map(session.read("XRANGE", c -> c.xrange(key, range, Limit.create(0, count))), messages -> {
            List<CollectionPage.Entry> out = new ArrayList<>(messages.size());
            for (StreamMessage<byte[], byte[]> m : messages) {
                List<Map.Entry<byte[], byte[]>> fields = new ArrayList<>();
                m.getBody().forEach((f, v) -> fields.add(Map.entry(f, v)));
                out.add(CollectionPage.Entry.streamEntry(m.getId(), fields));
            }
            String next = messages.size() < count ? null : nextStreamId(messages.get(messages.size() - 1).getId());
            return new CollectionPage(out, next);
        });
    }

    /**
     * The smallest id after {@code id}, so the next {@code XRANGE} starts after the last entry read ({@code (id}
     * would do the same, but only from Redis 6.2). Ids are two unsigned 64-bit numbers.
     */
    static String nextStreamId(String id) {
        int dash = id.indexOf('-');
        long ms = Long.parseUnsignedLong(id.substring(0, dash));
        long seq = Long.parseUnsignedLong(id.substring(dash + 1));
        if (seq == -1L) {
            return Long.toUnsignedString(ms + 1) + "-0";
        }
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq + 1);
    }
}
