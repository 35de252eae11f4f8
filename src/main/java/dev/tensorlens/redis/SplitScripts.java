package dev.tensorlens.redis;

import io.lettuce.core.ScriptOutputType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The small Lua scripts behind {@link SplitEdits}: each edits a batch of members atomically and replies one code per
 * member (and, for sorted sets, the score it had), which plain {@code SADD}/{@code SREM}/{@code SMOVE} cannot say
 * for a batch (they answer one total). Keys go in {@code KEYS}, members in {@code ARGV}, so a cluster routes them.
 *
 * <p>Sent with {@code EVALSHA}, and with {@code EVAL} when the server does not have the script yet
 * ({@code NOSCRIPT}, as after a restart or {@code SCRIPT FLUSH}). When the server refuses scripts at all (an ACL
 * without {@code +eval}, {@code EVAL} renamed away, a managed service's restriction) that is learnt once and every
 * later run fails at once with {@link FieldHeads.ScriptingRefused}, so the caller takes its fallback path.
 */
final class SplitScripts {

    /** A script's text and its SHA-1, the name {@code EVALSHA} knows it by. */
    record Script(String name, byte[] body, String sha) {
        static Script lua(String name, String text) {
            byte[] body = text.getBytes(StandardCharsets.US_ASCII);
            try {
                return new Script(name, body, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-1", e);
            }
        }
    }

    /** SADD each member: 1 added, 0 there already. Also the undo of a set's remove. */
    static final Script SADD_EACH = Script.lua("SADD", "local out = {}\n"
            + "for i = 1, #ARGV do out[i] = redis.call('SADD', KEYS[1], ARGV[i]) end\n"
            + "return out");
    /** SREM each member: 1 removed, 0 not there. Also the undo of a set's add. */
    static final Script SREM_EACH = Script.lua("SREM", "local out = {}\n"
            + "for i = 1, #ARGV do out[i] = redis.call('SREM', KEYS[1], ARGV[i]) end\n"
            + "return out");
    /** ZADD NX of ARGV[2..] with the score ARGV[1]: 1 added, 0 there already (its score is kept). */
    static final Script ZADD_NX = Script.lua("ZADD", "local out = {}\n"
            + "for i = 2, #ARGV do out[i - 1] = redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[i]) end\n"
            + "return out");
    /** ZADD NX of (member, score) pairs, each its own score: the undo of a sorted set's remove. */
    static final Script ZADD_NX_OWN = Script.lua("ZADD", "local out = {}\n"
            + "for i = 1, #ARGV, 2 do out[#out + 1] = redis.call('ZADD', KEYS[1], 'NX', ARGV[i + 1], ARGV[i]) end\n"
            + "return out");
    /** ZREM each member, replying (1, old score) or (0, '') per member: the score is what its undo puts back. */
    static final Script ZREM_SCORED = Script.lua("ZREM", "local out = {}\n"
            + "for i = 1, #ARGV do\n"
            + "  local s = redis.call('ZSCORE', KEYS[1], ARGV[i])\n"
            + "  if s then redis.call('ZREM', KEYS[1], ARGV[i]); out[2 * i - 1] = 1; out[2 * i] = s\n"
            + "  else out[2 * i - 1] = 0; out[2 * i] = '' end\n"
            + "end\n"
            + "return out");
    /** SMOVE each member from KEYS[1] to KEYS[2]: 0 not in the source, 1 moved and added, 2 moved, was there already. */
    static final Script SMOVE_EACH = Script.lua("SMOVE", "local out = {}\n"
            + "for i = 1, #ARGV do\n"
            + "  local had = redis.call('SISMEMBER', KEYS[2], ARGV[i])\n"
            + "  if redis.call('SMOVE', KEYS[1], KEYS[2], ARGV[i]) == 1 then out[i] = 1 + had else out[i] = 0 end\n"
            + "end\n"
            + "return out");
    /**
     * The sorted-set move: takes each member out of KEYS[1] and adds it to KEYS[2] with its score unless it is there
     * already (ZADD NX: the destination's own score wins, as SMOVE leaves a destination alone). Replies (code, score)
     * per member, the codes of {@link #SMOVE_EACH}.
     */
    static final Script ZMOVE_EACH = Script.lua("ZMOVE", "local out = {}\n"
            + "for i = 1, #ARGV do\n"
            + "  local s = redis.call('ZSCORE', KEYS[1], ARGV[i])\n"
            + "  if s then\n"
            + "    redis.call('ZREM', KEYS[1], ARGV[i])\n"
            + "    out[2 * i - 1] = 2 - redis.call('ZADD', KEYS[2], 'NX', s, ARGV[i]); out[2 * i] = s\n"
            + "  else out[2 * i - 1] = 0; out[2 * i] = '' end\n"
            + "end\n"
            + "return out");
    /**
     * The undo of a set move, (member, flag) pairs: every member back into KEYS[1] (the source), and out of KEYS[2]
     * only when the flag says the move added it there. Code per member: 1 put back + 2 taken out.
     */
    static final Script SPUT_BACK = Script.lua("SMOVE", "local out = {}\n"
            + "for i = 1, #ARGV, 2 do\n"
            + "  local code = 0\n"
            + "  if ARGV[i + 1] == '1' then code = 2 * redis.call('SREM', KEYS[2], ARGV[i]) end\n"
            + "  out[#out + 1] = code + redis.call('SADD', KEYS[1], ARGV[i])\n"
            + "end\n"
            + "return out");
    /** {@link #SPUT_BACK} for sorted sets, (member, flag, score) triples; back in with its old score (NX). */
    static final Script ZPUT_BACK = Script.lua("ZMOVE", "local out = {}\n"
            + "for i = 1, #ARGV, 3 do\n"
            + "  local code = 0\n"
            + "  if ARGV[i + 1] == '1' then code = 2 * redis.call('ZREM', KEYS[2], ARGV[i]) end\n"
            + "  out[#out + 1] = code + redis.call('ZADD', KEYS[1], 'NX', ARGV[i + 2], ARGV[i])\n"
            + "end\n"
            + "return out");
    /** A member's score, ARGV[2], only if it is there (XX): (1, old score) or (0, '') when it is not. */
    static final Script SET_SCORE = Script.lua("ZADD", "local s = redis.call('ZSCORE', KEYS[1], ARGV[1])\n"
            + "if not s then return {0, ''} end\n"
            + "redis.call('ZADD', KEYS[1], 'XX', ARGV[2], ARGV[1])\n"
            + "return {1, s}");
    /**
     * The undo of a score: back to ARGV[3] only while the score is still ARGV[2], the one the edit set, so another
     * client's later change is never overwritten. (1, score) restored, (2, score) changed since, (0, '') gone.
     */
    static final Script RESTORE_SCORE = Script.lua("ZADD", "local s = redis.call('ZSCORE', KEYS[1], ARGV[1])\n"
            + "if not s then return {0, ''} end\n"
            + "if tonumber(s) ~= tonumber(ARGV[2]) then return {2, s} end\n"
            + "redis.call('ZADD', KEYS[1], 'XX', ARGV[3], ARGV[1])\n"
            + "return {1, s}");

    private final RedisSession session;
    /** The server's words when it refused scripts once: no script is sent again. */
    private final AtomicReference<String> refused = new AtomicReference<>();
    /** An ACL can allow EVAL but not EVALSHA: then every script goes as EVAL. */
    private volatile boolean evalOnly;

    SplitScripts(RedisSession session) {
        this.session = session;
    }

    /** Acts as if the server had refused scripts: the tests of the fallback path. */
    void refuseForTests() {
        refused.compareAndSet(null, "scripts switched off for a test");
    }

    /** The server's words when it refuses scripts, else null (not known to refuse them yet). */
    String refusal() {
        return refused.get();
    }

    /**
     * Runs {@code script} and replies its array ({@code Long} for integers, {@code byte[]} for strings). Fails with
     * {@link FieldHeads.ScriptingRefused} when the server runs no scripts (nothing was changed then).
     */
    CompletableFuture<List<Object>> run(Script script, byte[][] keys, byte[][] args) {
        String known = refused.get();
        if (known != null) {
            return CompletableFuture.failedFuture(new FieldHeads.ScriptingRefused(known));
        }
        CompletableFuture<List<Object>> first = evalOnly ? eval(script, keys, args)
                : session.write("EVALSHA (" + script.name() + ")",
                        c -> c.<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args));
        return first.exceptionallyCompose(failure -> {
            String why = FieldHeads.scriptingRefusal(failure);
            if (why == null) {
                return CompletableFuture.failedFuture(RedisErrors.unwrap(failure));
            }
            if (evalOnly) {
                return refuse(why);
            }
            if (!why.startsWith("NOSCRIPT")) {
                evalOnly = true; // EVALSHA itself was refused; EVAL may still be allowed
            }
            return eval(script, keys, args).exceptionallyCompose(again -> {
                String refusal = FieldHeads.scriptingRefusal(again);
                return refusal == null ? CompletableFuture.failedFuture(RedisErrors.unwrap(again)) : refuse(refusal);
            });
        });
    }

    private CompletableFuture<List<Object>> eval(Script script, byte[][] keys, byte[][] args) {
        return session.write("EVAL (" + script.name() + ")",
                c -> c.<List<Object>>eval(script.body(), ScriptOutputType.MULTI, keys, args));
    }

    private CompletableFuture<List<Object>> refuse(String why) {
        refused.compareAndSet(null, why);
        return CompletableFuture.failedFuture(new FieldHeads.ScriptingRefused(why));
    }

    /** An integer of a script's reply. */
    static int code(Object reply) {
        if (reply instanceof Long n) {
            return n.intValue();
        }
        throw new IllegalStateException("a split script replied " + reply + " where a number was expected");
    }

    /** A score of a script's reply ({@code ''} for none: NaN). */
    static double score(Object reply) {
        if (reply instanceof byte[] text) {
            return text.length == 0 ? Double.NaN : Scores.parse(new String(text, StandardCharsets.US_ASCII));
        }
        throw new IllegalStateException("a split script replied " + reply + " where a score was expected");
    }
}
