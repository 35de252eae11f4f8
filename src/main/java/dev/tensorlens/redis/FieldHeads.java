package dev.tensorlens.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first bytes of a hash field, read on the server with a three-line Lua script so that the value itself does not
 * travel: Redis has no range read of a hash field. The server copies the whole field into Lua for it (about 1 ms of
 * its time per 100 KB), so scripts are sent only while the fields they copy fit a {@link ScriptGate}'s budget. When
 * the server refuses scripts at all (an ACL without {@code +eval}, {@code EVAL} renamed away, scripting disabled, a
 * replica) that is learnt once and every later head fails at once with {@link ScriptingRefused}, so callers can read
 * a small field whole instead. Shared by the checkpoint headers and the Data view's array reader.
 */
final class FieldHeads {

    /** Lua: the first {@code ARGV[2]} bytes of a hash field, {@code false} (nil) when there is no such field. */
    static final byte[] HEAD_SCRIPT = ("local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
            + "if not v then return false end\n"
            + "return string.sub(v, 1, tonumber(ARGV[2]))").getBytes(StandardCharsets.US_ASCII);

    /** Why the head of a hash field was not read: scripting is refused on this server, in its words. */
    static final class ScriptingRefused extends RuntimeException {
        ScriptingRefused(String words) {
            super(words, null, false, false);
        }
    }

    private final RedisSession session;
    private final ScriptGate scripts;
    /** The server's words when it refused EVAL once: no field is asked again. */
    private final AtomicReference<String> refused = new AtomicReference<>();

    /** @param budget bytes of fields the scripts in flight may copy together on the server */
    FieldHeads(RedisSession session, long budget) {
        this.session = session;
        this.scripts = new ScriptGate(budget);
    }

    /**
     * The first {@code n} bytes of a field of {@code fieldLength} bytes (null when the field is gone); fails with
     * {@link ScriptingRefused} when the server runs no scripts for us. Cancelling the result cancels the script, or
     * keeps it from being sent.
     */
    CompletableFuture<byte[]> head(byte[] key, byte[] field, long n, long fieldLength) {
        if (refused.get() != null) {
            return CompletableFuture.failedFuture(new ScriptingRefused(refused.get()));
        }
        byte[] count = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<byte[]> gated = scripts.submit(fieldLength, () -> {
            String refusal = refused.get(); // learnt while this one waited
            return refusal != null ? CompletableFuture.failedFuture(new ScriptingRefused(refusal))
                    : session.read("EVAL", c -> c.eval(HEAD_SCRIPT, ScriptOutputType.VALUE, new byte[][] {key}, field,
                            count));
        });
        CompletableFuture<byte[]> head = gated.exceptionallyCompose(failure -> {
            if (RedisErrors.unwrap(failure) instanceof ScriptingRefused) {
                return CompletableFuture.failedFuture(RedisErrors.unwrap(failure));
            }
            String reply = scriptingRefusal(failure);
            if (reply == null) {
                return CompletableFuture.failedFuture(failure);
            }
            refused.compareAndSet(null, reply);
            return CompletableFuture.failedFuture(new ScriptingRefused(reply));
        });
        Futures.cancelTogether(head, gated);
        return head;
    }

    /**
     * The server's words when it refuses to run a script at all — an ACL without {@code +eval}, {@code EVAL} renamed
     * away, scripting disabled, a replica that takes no scripts — or null for an error of this one script's keys.
     */
    static String scriptingRefusal(Throwable failure) {
        Throwable t = RedisErrors.unwrap(failure);
        Throwable cause = t instanceof RedisOperationException ? t.getCause() : t;
        if (!(cause instanceof RedisCommandExecutionException server)) {
            return null;
        }
        String reply = String.valueOf(server.getMessage());
        String lower = reply.toLowerCase(Locale.ROOT);
        boolean refused = reply.startsWith("NOPERM") && !lower.contains("key")
                || lower.startsWith("err unknown command") || lower.contains("disabled") || reply.startsWith("NOSCRIPT")
                || reply.startsWith("READONLY") || lower.contains("not allowed");
        return refused ? reply : null;
    }
}
