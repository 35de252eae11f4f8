package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * "Which split holds these ids?": for each id, the dataset's splits that have it. Asked of the server a batch of
 * {@value #BATCH} ids at a time, every split at once per batch: {@code SMISMEMBER} for a set and {@code ZMSCORE} for
 * a sorted set from Redis 6.2 (one command per split and batch), pipelined {@code SISMEMBER}/{@code ZSCORE} before.
 * Every command touches one key, so it works on a cluster whatever slots the splits are in. Nothing is loaded whole.
 */
public final class SplitLocator {

    /** Ids per batch: one {@code SMISMEMBER} of 1000 ids is quick for the server and small on the wire. */
    static final int BATCH = 1000;

    /**
     * Where one id is.
     *
     * @param id     the id's exact bytes (as given)
     * @param splits the names of the splits that hold it, in the dataset's order; empty when none does
     */
    public record Placement(byte[] id, List<String> splits) {
        public Placement {
            splits = List.copyOf(splits);
        }

        public boolean inNone() {
            return splits.isEmpty();
        }
    }

    private final RedisSession session;
    /** The version to act as if the server had, for tests of the older path; null asks the session. */
    private final Integer assumedVersion;

    public SplitLocator(RedisSession session) {
        this(session, null);
    }

    private SplitLocator(RedisSession session, Integer assumedVersion) {
        this.session = Objects.requireNonNull(session);
        this.assumedVersion = assumedVersion;
    }

    /** The same look-ups choosing their commands as if the server were {@code version} (such as 600 or 602). */
    SplitLocator assumingVersion(int version) {
        return new SplitLocator(session, version);
    }

    /**
     * For each of {@code ids}, in the same order, the splits of {@code dataset} that hold it. Splits that are not sets
     * or sorted sets are never listed. Batches go one after the other; cancelling the future stops after the batch in
     * flight.
     */
    public CompletableFuture<List<Placement>> whichSplits(DatasetSplits dataset, List<byte[]> ids) {
        List<byte[]> all = List.copyOf(ids);
        List<DatasetSplits.Split> splits = dataset.splits().stream()
                .filter(s -> s.type() == RedisType.SET || s.type() == RedisType.ZSET).toList();
        CompletableFuture<List<Placement>> result = new CompletableFuture<>();
        CompletableFuture<Integer> version = assumedVersion != null ? CompletableFuture.completedFuture(assumedVersion)
                : session.versionNumber();
        version.whenCompleteAsync((v, failure) -> {
            if (failure != null) {
                result.completeExceptionally(RedisErrors.unwrap(failure));
            } else {
                batch(v, splits, all, 0, new ArrayList<>(all.size()), result);
            }
        }, session.executor());
        return result;
    }

    private void batch(int version, List<DatasetSplits.Split> splits, List<byte[]> ids, int from, List<Placement> found,
                       CompletableFuture<List<Placement>> result) {
        if (result.isDone()) {
            return; // cancelled
        }
        if (from >= ids.size()) {
            result.complete(List.copyOf(found));
            return;
        }
        List<byte[]> batch = ids.subList(from, Math.min(from + BATCH, ids.size()));
        List<CompletableFuture<List<Boolean>>> perSplit = new ArrayList<>(splits.size());
        for (DatasetSplits.Split split : splits) {
            byte[] key = Keys.bytes(split.key());
            perSplit.add(split.type() == RedisType.ZSET ? SetMembership.hasScores(session, version, key, batch)
                    : SetMembership.isMember(session, version, key, batch));
        }
        CompletableFuture<?>[] all = perSplit.toArray(CompletableFuture[]::new);
        Futures.cancelTogether(result, all);
        CompletableFuture.allOf(all).whenCompleteAsync((v, failure) -> {
            if (failure != null) {
                result.completeExceptionally(RedisErrors.wrap("Looking up which split holds the ids", failure));
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                List<String> holders = new ArrayList<>(1);
                for (int s = 0; s < splits.size(); s++) {
                    if (Boolean.TRUE.equals(perSplit.get(s).join().get(i))) {
                        holders.add(splits.get(s).name());
                    }
                }
                found.add(new Placement(batch.get(i), holders));
            }
            batch(version, splits, ids, from + batch.size(), found, result);
        }, session.executor());
    }
}
