package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the split-edit tests (sets, sorted sets, a cluster) share: splits of either kind, the edits with or without
 * scripts on the test's own session, ids as bytes, and waiting for an edit's outcome. Each test class starts a server
 * of its own, so nothing here holds a session: it is passed in.
 */
final class SplitEditing {

    private SplitEditing() {
    }

    static DatasetSplits.Split set(String name, String key) {
        return new DatasetSplits.Split(name, key, RedisType.SET, -1);
    }

    static DatasetSplits.Split zset(String name, String key) {
        return new DatasetSplits.Split(name, key, RedisType.ZSET, -1);
    }

    /** The edits on {@code session}: through the Lua scripts, or on the path of a server that refuses scripts. */
    static SplitEdits edits(RedisSession session, boolean scripts) {
        SplitEdits edits = new SplitEdits(session);
        return scripts ? edits : edits.withoutScripts();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Iterator<byte[]> ids(String... ids) {
        return List.of(ids).stream().map(SplitEditing::b).iterator();
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    /** Why {@code f} failed, unwrapped; fails the test when it did not. */
    static Throwable failure(CompletableFuture<?> f) throws Exception {
        Throwable why = f.handle((v, e) -> e).get(60, TimeUnit.SECONDS);
        assertThat(why).as("it failed").isNotNull();
        return RedisErrors.unwrap(why);
    }

    /** The edit's last report, once it is done. */
    static SplitEdit run(BatchedEdit<SplitEdit> edit) throws Exception {
        return await(edit.result());
    }
}
