package dev.tensorlens.redis;

import io.lettuce.core.ZAddArgs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The two one-member steps of {@link SplitEdits}: set a score only where the member is ({@code ZADD XX}, reading the
 * old score in the same script), and put an old score back only while the score is still the one the edit set. Both
 * answer {@code (code, score)} as their {@link SplitScripts}; without scripts, a {@code ZSCORE} and then a
 * {@code ZADD XX}, which can miss another client's change made between the two.
 */
final class ScoreSteps {

    /** What a step found: {@code code} as the scripts say it, and the score it read (NaN when none). */
    record Found(int code, double score) {
    }

    private final RedisSession session;
    private final SplitScripts scripts;

    ScoreSteps(RedisSession session, SplitScripts scripts) {
        this.session = session;
        this.scripts = scripts;
    }

    /** 1 and the old score when the member was there and has {@code score} now; 0 when it is not there. */
    CompletableFuture<Found> set(byte[] key, byte[] member, double score) {
        return scriptOr(SplitScripts.SET_SCORE, key, new byte[][] {member, Scores.arg(score)},
                () -> session.read("ZSCORE", c -> c.zscore(key, member)).thenCompose(old -> old == null
                        ? CompletableFuture.completedFuture(new Found(0, Double.NaN))
                        : session.write("ZADD", c -> c.zadd(key, ZAddArgs.Builder.xx(), score, member))
                                .thenApply(n -> new Found(1, old))));
    }

    /** 1 restored; 2 and the score found when another client changed it since; 0 when the member is gone. */
    CompletableFuture<Found> restore(byte[] key, byte[] member, double setTo, double old) {
        return scriptOr(SplitScripts.RESTORE_SCORE, key, new byte[][] {member, Scores.arg(setTo), Scores.arg(old)},
                () -> session.read("ZSCORE", c -> c.zscore(key, member)).thenCompose(now -> {
                    if (now == null) {
                        return CompletableFuture.completedFuture(new Found(0, Double.NaN));
                    }
                    if (now != setTo) {
                        return CompletableFuture.completedFuture(new Found(2, now));
                    }
                    return session.write("ZADD", c -> c.zadd(key, ZAddArgs.Builder.xx(), old, member))
                            .thenApply(n -> new Found(1, now));
                }));
    }

    private interface Fallback {
        CompletableFuture<Found> run();
    }

    private CompletableFuture<Found> scriptOr(SplitScripts.Script script, byte[] key, byte[][] args, Fallback fallback) {
        if (scripts.refusal() != null) {
            return fallback.run();
        }
        return scripts.run(script, new byte[][] {key}, args).thenApply(ScoreSteps::found)
                .exceptionallyCompose(failure -> RedisErrors.unwrap(failure) instanceof FieldHeads.ScriptingRefused
                        ? fallback.run() : CompletableFuture.failedFuture(RedisErrors.unwrap(failure)));
    }

    private static Found found(List<Object> reply) {
        if (reply.size() != 2) {
            throw new IllegalStateException("a score script answered " + reply.size() + " values: "
                    + Arrays.toString(reply.stream().map(o -> o instanceof byte[] b
                    ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o)).toArray()));
        }
        return new Found(SplitScripts.code(reply.get(0)), SplitScripts.score(reply.get(1)));
    }
}
