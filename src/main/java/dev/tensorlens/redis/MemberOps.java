package dev.tensorlens.redis;

import io.lettuce.core.ZAddArgs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The batch steps of {@link SplitEdits}: each edits one batch of members and answers, per member, a code (what
 * happened to it) and, for sorted sets, the score it had. Each has two ways: one of the {@link SplitScripts} (atomic
 * for the batch), and pipelined single-member commands for servers that run no scripts. Single-member commands still
 * answer exactly per member ({@code SADD k m} is 1 or 0); what the fallback gives up is atomicity between the two or
 * three commands one member needs (see {@link SplitEdits}).
 */
final class MemberOps {

    /** Per member, in batch order: its code, and its score ({@code null} array when the step reads none). */
    record Codes(int[] codes, double[] scores) {
    }

    /** One kind of batch step over fixed keys. */
    interface Op {
        CompletableFuture<Codes> viaScript(SplitScripts scripts, List<EditItem> batch);

        CompletableFuture<Codes> fallback(RedisSession session, List<EditItem> batch);
    }

    private MemberOps() {
    }

    /** SADD: 1 added, 0 there already. */
    static Op sadd(byte[] key) {
        return op(SplitScripts.SADD_EACH, new byte[][] {key}, MemberOps::members, false,
                (s, batch) -> longs(each(batch, i -> s.write("SADD", c -> c.sadd(key, i.member())))));
    }

    /** SREM: 1 removed, 0 not there. */
    static Op srem(byte[] key) {
        return op(SplitScripts.SREM_EACH, new byte[][] {key}, MemberOps::members, false,
                (s, batch) -> longs(each(batch, i -> s.write("SREM", c -> c.srem(key, i.member())))));
    }

    /** ZADD NX with one score for all: 1 added, 0 there already (its score kept). */
    static Op zaddNx(byte[] key, double score) {
        return op(SplitScripts.ZADD_NX, new byte[][] {key}, batch -> {
            List<byte[]> args = new ArrayList<>(batch.size() + 1);
            args.add(Scores.arg(score));
            batch.forEach(i -> args.add(i.member()));
            return args;
        }, false, (s, batch) -> longs(each(batch,
                i -> s.write("ZADD", c -> c.zadd(key, ZAddArgs.Builder.nx(), score, i.member())))));
    }

    /** ZADD NX, each member with its own (old) score: re-adds what a remove took, never over a newer score. */
    static Op zaddNxOwn(byte[] key) {
        return op(SplitScripts.ZADD_NX_OWN, new byte[][] {key}, batch -> {
            List<byte[]> args = new ArrayList<>(batch.size() * 2);
            batch.forEach(i -> {
                args.add(i.member());
                args.add(Scores.arg(i.score()));
            });
            return args;
        }, false, (s, batch) -> longs(each(batch,
                i -> s.write("ZADD", c -> c.zadd(key, ZAddArgs.Builder.nx(), i.score(), i.member())))));
    }

    /** ZREM, answering the score each removed member had. Fallback: ZSCORE then ZREM per member, pipelined. */
    static Op zremScored(byte[] key) {
        return op(SplitScripts.ZREM_SCORED, new byte[][] {key}, MemberOps::members, true, (s, batch) -> {
            List<CompletableFuture<Double>> scores = new ArrayList<>(batch.size());
            List<CompletableFuture<Long>> removed = new ArrayList<>(batch.size());
            for (EditItem i : batch) {
                scores.add(s.read("ZSCORE", c -> c.zscore(key, i.member())));
                removed.add(s.write("ZREM", c -> c.zrem(key, i.member())));
            }
            return CompletableFuture.allOf(all(scores, removed)).thenApply(v -> {
                Codes out = new Codes(new int[batch.size()], new double[batch.size()]);
                for (int n = 0; n < batch.size(); n++) {
                    out.codes()[n] = removed.get(n).join().intValue();
                    Double had = scores.get(n).join();
                    // another client's ZADD between the two commands: no score was read, 0 is put back
                    out.scores()[n] = had == null ? 0.0 : had;
                }
                return out;
            });
        });
    }

    /** SMOVE: 0 not in the source, 1 moved and added, 2 moved but in the destination already. */
    static Op smove(byte[] source, byte[] destination) {
        return op(SplitScripts.SMOVE_EACH, new byte[][] {source, destination}, MemberOps::members, false,
                (s, batch) -> {
                    List<CompletableFuture<Boolean>> had = new ArrayList<>(batch.size());
                    List<CompletableFuture<Boolean>> moved = new ArrayList<>(batch.size());
                    for (EditItem i : batch) {
                        had.add(s.read("SISMEMBER", c -> c.sismember(destination, i.member())));
                        moved.add(s.write("SMOVE", c -> c.smove(source, destination, i.member())));
                    }
                    return CompletableFuture.allOf(all(had, moved)).thenApply(v -> {
                        int[] codes = new int[batch.size()];
                        for (int n = 0; n < codes.length; n++) {
                            codes[n] = !moved.get(n).join() ? 0 : had.get(n).join() ? 2 : 1;
                        }
                        return new Codes(codes, null);
                    });
                });
    }

    /**
     * The sorted-set move (codes of {@link #smove}, and each moved member's score). Fallback in three pipelined
     * rounds: ZSCORE in the source, ZREM from it, ZADD NX of what was removed into the destination.
     */
    static Op zmove(byte[] source, byte[] destination) {
        return op(SplitScripts.ZMOVE_EACH, new byte[][] {source, destination}, MemberOps::members, true,
                (s, batch) -> zmoveFallback(s, source, destination, batch));
    }

    private static CompletableFuture<Codes> zmoveFallback(RedisSession s, byte[] source, byte[] destination,
                                                          List<EditItem> batch) {
        return each(batch, i -> s.read("ZSCORE", c -> c.zscore(source, i.member()))).thenCompose(scores -> {
            List<CompletableFuture<Long>> removed = new ArrayList<>(batch.size());
            for (int n = 0; n < batch.size(); n++) {
                byte[] m = batch.get(n).member();
                removed.add(scores.get(n) == null ? CompletableFuture.completedFuture(0L)
                        : s.write("ZREM", c -> c.zrem(source, m)));
            }
            return CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new)).thenCompose(v -> {
                List<CompletableFuture<Long>> added = new ArrayList<>(batch.size());
                for (int n = 0; n < batch.size(); n++) {
                    byte[] m = batch.get(n).member();
                    Double score = scores.get(n);
                    // only what this move took out of the source goes in: -1 marks "not moved"
                    added.add(removed.get(n).join() == 0 ? CompletableFuture.completedFuture(-1L)
                            : s.write("ZADD", c -> c.zadd(destination, ZAddArgs.Builder.nx(), score, m)));
                }
                return CompletableFuture.allOf(added.toArray(CompletableFuture[]::new)).thenApply(w -> {
                    Codes out = new Codes(new int[batch.size()], new double[batch.size()]);
                    for (int n = 0; n < batch.size(); n++) {
                        long a = added.get(n).join();
                        out.codes()[n] = a < 0 ? 0 : a == 1 ? 1 : 2;
                        out.scores()[n] = scores.get(n) == null ? Double.NaN : scores.get(n);
                    }
                    return out;
                });
            });
        });
    }

    /** The undo of a set move: back into the source; out of the destination when flagged. 1 back + 2 taken out. */
    static Op sputBack(byte[] source, byte[] destination) {
        return op(SplitScripts.SPUT_BACK, new byte[][] {source, destination}, batch -> withFlags(batch, false), false,
                (s, batch) -> {
                    List<CompletableFuture<Long>> out = new ArrayList<>(batch.size());
                    List<CompletableFuture<Long>> back = new ArrayList<>(batch.size());
                    for (EditItem i : batch) {
                        out.add(i.flag() ? s.write("SREM", c -> c.srem(destination, i.member()))
                                : CompletableFuture.completedFuture(0L));
                        back.add(s.write("SADD", c -> c.sadd(source, i.member())));
                    }
                    return putBackCodes(batch, out, back);
                });
    }

    /** {@link #sputBack} for sorted sets: back in with the old score, unless another client put it back first. */
    static Op zputBack(byte[] source, byte[] destination) {
        return op(SplitScripts.ZPUT_BACK, new byte[][] {source, destination}, batch -> withFlags(batch, true), false,
                (s, batch) -> {
                    List<CompletableFuture<Long>> out = new ArrayList<>(batch.size());
                    List<CompletableFuture<Long>> back = new ArrayList<>(batch.size());
                    for (EditItem i : batch) {
                        out.add(i.flag() ? s.write("ZREM", c -> c.zrem(destination, i.member()))
                                : CompletableFuture.completedFuture(0L));
                        back.add(s.write("ZADD", c -> c.zadd(source, ZAddArgs.Builder.nx(), i.score(), i.member())));
                    }
                    return putBackCodes(batch, out, back);
                });
    }

    private static CompletableFuture<Codes> putBackCodes(List<EditItem> batch, List<CompletableFuture<Long>> out,
                                                         List<CompletableFuture<Long>> back) {
        return CompletableFuture.allOf(all(out, back)).thenApply(v -> {
            int[] codes = new int[batch.size()];
            for (int n = 0; n < codes.length; n++) {
                codes[n] = (int) (back.get(n).join() + 2 * out.get(n).join());
            }
            return new Codes(codes, null);
        });
    }

    private interface Fallback {
        CompletableFuture<Codes> run(RedisSession session, List<EditItem> batch);
    }

    private static Op op(SplitScripts.Script script, byte[][] keys, Function<List<EditItem>, List<byte[]>> args,
                         boolean scored, Fallback fallback) {
        return new Op() {
            @Override
            public CompletableFuture<Codes> viaScript(SplitScripts scripts, List<EditItem> batch) {
                byte[][] argv = args.apply(batch).toArray(byte[][]::new);
                return scripts.run(script, keys, argv).thenApply(reply -> parse(reply, batch.size(), scored));
            }

            @Override
            public CompletableFuture<Codes> fallback(RedisSession session, List<EditItem> batch) {
                return fallback.run(session, batch);
            }
        };
    }

    static Codes parse(List<Object> reply, int members, boolean scored) {
        int width = scored ? 2 : 1;
        if (reply.size() != members * width) {
            throw new IllegalStateException("a split script answered " + reply.size() + " values for " + members
                    + " members");
        }
        Codes out = new Codes(new int[members], scored ? new double[members] : null);
        for (int n = 0; n < members; n++) {
            out.codes()[n] = SplitScripts.code(reply.get(n * width));
            if (scored) {
                out.scores()[n] = SplitScripts.score(reply.get(n * width + 1));
            }
        }
        return out;
    }

    private static List<byte[]> members(List<EditItem> batch) {
        List<byte[]> out = new ArrayList<>(batch.size());
        batch.forEach(i -> out.add(i.member()));
        return out;
    }

    private static final byte[] YES = {'1'};
    private static final byte[] NO = {'0'};

    private static List<byte[]> withFlags(List<EditItem> batch, boolean scores) {
        List<byte[]> out = new ArrayList<>(batch.size() * 3);
        for (EditItem i : batch) {
            out.add(i.member());
            out.add(i.flag() ? YES : NO);
            if (scores) {
                out.add(Scores.arg(i.score()));
            }
        }
        return out;
    }

    /** One command per member, all sent at once (pipelined on the shared connection), answers in batch order. */
    static <T> CompletableFuture<List<T>> each(List<EditItem> batch, Function<EditItem, CompletableFuture<T>> send) {
        List<CompletableFuture<T>> replies = new ArrayList<>(batch.size());
        for (EditItem i : batch) {
            replies.add(send.apply(i));
        }
        return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
                .thenApply(v -> replies.stream().map(CompletableFuture::join).toList());
    }

    private static CompletableFuture<Codes> longs(CompletableFuture<List<Long>> replies) {
        return replies.thenApply(list -> new Codes(list.stream().mapToInt(Long::intValue).toArray(), null));
    }

    private static CompletableFuture<?>[] all(List<? extends CompletableFuture<?>> a,
                                              List<? extends CompletableFuture<?>> b) {
        List<CompletableFuture<?>> both = new ArrayList<>(a);
        both.addAll(b);
        return both.toArray(CompletableFuture[]::new);
    }
}
