package dev.tensorlens.redis;

import dev.tensorlens.support.CancelFromProgress;
import dev.tensorlens.support.CommandStats;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Dataset splits as sets: sizes, pages, membership, overlap (both ways of counting it), edits. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SetMembershipTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;
    static SetMembership sets;

    @BeforeAll
    static void connect() {
        session = redis.session();
        sets = new SetMembership(session);
    }

    @BeforeEach
    void empty() {
        redis.sync().flushall();
        redis.sync().configResetstat();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    /** {@code key} gets the ids {@code from} … {@code to - 1} ({@code id:<n>}), sent from the test's own connection. */
    static void fill(String key, int from, int to) {
        for (int start = from; start < to; start += 5000) {
            redis.sync().sadd(key, IntStream.range(start, Math.min(start + 5000, to)).mapToObj(n -> "id:" + n)
                    .toArray(String[]::new));
        }
    }

    /**
     * For callbacks that wait for the test thread: a callback wrongly run on the test thread itself would wait for
     * ever (join ignores interrupts); this gives up after a while and fails the operation instead.
     */
    static void awaitQuietly(CompletableFuture<?> f) {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the test thread never went on: was this callback run on it?", e);
        }
    }

    static List<byte[]> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(n -> b("id:" + n)).toList();
    }

    @Test
    void sizesAndPagesOfSetsAndSortedSets() throws Exception {
        fill("train", 0, 1234);
        redis.sync().zadd("scores", 0.5, "a", 1.5, "b", 2.5, "c");
        redis.sync().hset("meta", "f", "v");

        assertThat(await(sets.size(b("train")))).isEqualTo(1234);
        assertThat(await(sets.size(b("scores")))).isEqualTo(3);
        assertThat(await(sets.size(b("missing")))).isZero();
        assertThatThrownBy(() -> await(sets.size(b("meta")))).cause()
                .isInstanceOf(RedisOperationException.class).hasMessage("meta is a hash, not a set or a sorted set.");

        List<String> members = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            MemberPage page = await(sets.scanMembers(b("train"), cursor, null, 200));
            page.members().forEach(m -> members.add(s(m.value())));
            assertThat(page.members()).allSatisfy(m -> assertThat(m.score()).isNaN());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(members).hasSize(1234).doesNotHaveDuplicates().contains("id:0", "id:1233");
        assertThat(pages).isGreaterThan(1);

        MemberPage scored = await(sets.scanMembers(b("scores"), null, null, 10));
        assertThat(scored.finished()).isTrue();
        assertThat(scored.members()).extracting(m -> s(m.value()) + "=" + m.score())
                .containsExactlyInAnyOrder("a=0.5", "b=1.5", "c=2.5");
        MemberPage matched = await(sets.scanMembers(b("train"), null, b("id:12?"), 10));
        assertThat(matched.members()).extracting(m -> s(m.value())).isSubsetOf(
                IntStream.range(120, 130).mapToObj(n -> "id:" + n).toList());
        assertThat(await(sets.scanMembers(b("missing"), null, null, 10))).satisfies(p -> {
            assertThat(p.members()).isEmpty();
            assertThat(p.finished()).isTrue();
        });
    }

    @Test
    void sintercardAndThePagedFallbackCountTheSameOverlap() throws Exception {
        fill("train", 0, 50_000);
        fill("test", 50_000 - 12_345, 100_000 - 12_345); // 50,000 members, 12,345 of them also in train

        long onServer = await(sets.intersectionCount(b("train"), b("test"), p -> { }));
        long paged = await(sets.assumingVersion(602).intersectionCount(b("train"), b("test"), p -> { }));
        long pipelined = await(sets.assumingVersion(600).intersectionCount(b("test"), b("train"), p -> { }));

        assertThat(onServer).isEqualTo(12_345);
        assertThat(paged).isEqualTo(12_345);
        assertThat(pipelined).isEqualTo(12_345);
        Map<String, Long> calls = CommandStats.read(redis.sync());
        if (redis.binary().versionNumber() >= 700) {
            assertThat(calls.get("sintercard")).as("the first count ran on the server").isEqualTo(1);
        }
        assertThat(calls.get("sismember")).as("before 6.2: one SISMEMBER per member of the smaller set")
                .isEqualTo(50_000);
        assertThat(calls).doesNotContainKeys("smembers", "sinter", "sinterstore");
    }

    @Test
    void theFallbackReadsOnlyTheSmallerSetInPagesAndReportsProgress() throws Exception {
        fill("train", 0, 50_000);
        fill("val", 49_000, 54_000); // 5,000 members, 1,000 shared
        List<OverlapProgress> reports = new CopyOnWriteArrayList<>();

        long shared = await(sets.assumingVersion(602).intersectionCount(b("train"), b("val"), reports::add));

        assertThat(shared).isEqualTo(1_000);
        Map<String, Long> calls = CommandStats.read(redis.sync());
        assertThat(calls).doesNotContainKeys("smembers", "sinter", "sintercard");
        // 5,000 members in pages of about 1,000: a handful of SSCANs; walking the 50,000 would take some 50
        assertThat(calls.get("sscan")).isBetween(5L, 12L);
        assertThat(calls.get("smismember")).isBetween(5L, calls.get("sscan"));
        assertThat(reports).hasSizeGreaterThan(1);
        assertThat(reports.get(reports.size() - 1)).isEqualTo(new OverlapProgress(5_000, 5_000));
        assertThat(reports).extracting(OverlapProgress::checked).isSorted();
    }

    @Test
    void cancellingTheFallbackStopsAfterThePageInFlight() throws Exception {
        fill("train", 0, 20_000);
        fill("test", 10_000, 30_000);
        CancelFromProgress<Long> cancel = new CancelFromProgress<>();
        CompletableFuture<Long> count = cancel.started(sets.assumingVersion(602).intersectionCount(b("train"),
                b("test"), p -> cancel.cancel()));

        assertThat(count).failsWithin(10, TimeUnit.SECONDS);
        CommandStats.settle(session);
        assertThat(CommandStats.calls(redis.sync(), "sscan")).isEqualTo(1);
    }

    @Test
    void sharedMembersAreListedUpToTheLimit() throws Exception {
        fill("train", 0, 10_000);
        fill("test", 9_990, 12_000); // shares id:9990 … id:9999

        List<byte[]> ten = await(sets.intersectionMembers(b("train"), b("test"), 100));
        List<byte[]> three = await(sets.intersectionMembers(b("train"), b("test"), 3));

        assertThat(ten).extracting(SetMembershipTest::s).containsExactlyInAnyOrderElementsOf(
                IntStream.range(9_990, 10_000).mapToObj(n -> "id:" + n).toList());
        assertThat(three).hasSize(3).extracting(SetMembershipTest::s).isSubsetOf(ten.stream().map(SetMembershipTest::s).toList());
        assertThat(await(sets.intersectionMembers(b("train"), b("nothing"), 5))).isEmpty();
        assertThat(CommandStats.read(redis.sync())).doesNotContainKeys("smembers", "sinter");
    }

    @Test
    void containsAgreesOnEveryPath() throws Exception {
        fill("train", 0, 300);
        List<byte[]> asked = new ArrayList<>(ids(250, 350));
        asked.add(b("id:0"));
        List<Boolean> expected = new ArrayList<>(IntStream.range(250, 350).mapToObj(n -> n < 300).toList());
        expected.add(true);

        assertThat(await(sets.contains(b("train"), asked))).containsExactlyElementsOf(expected);
        assertThat(await(sets.assumingVersion(602).contains(b("train"), asked))).containsExactlyElementsOf(expected);
        assertThat(await(sets.assumingVersion(600).contains(b("train"), asked))).containsExactlyElementsOf(expected);

        Map<String, Long> calls = CommandStats.read(redis.sync());
        assertThat(calls.get("smismember")).as("one command each on 6.2 and later").isEqualTo(2);
        assertThat(calls.get("sismember")).as("one per member, pipelined, before 6.2").isEqualTo(101);
        assertThat(await(sets.contains(b("train"), List.of()))).isEmpty();
    }

    @Test
    void bulkAddAndRemoveCountExactlyInBatches() throws Exception {
        fill("train", 0, 700);
        List<byte[]> members = new ArrayList<>(ids(0, 2_500)); // 700 there already, 1,800 new
        members.add(b("id:2000")); // listed twice: added once, then already present
        List<SetChange> reports = new CopyOnWriteArrayList<>();
        List<Thread> reportingThreads = new CopyOnWriteArrayList<>();

        SetChange added = await(sets.addAll(b("train"), members, p -> {
            reports.add(p);
            reportingThreads.add(Thread.currentThread());
        }).result());

        assertThat(added).isEqualTo(new SetChange(1_800, 701, 2_501, 2_501, true));
        assertThat(redis.sync().scard("train")).isEqualTo(2_500);
        assertThat(reports).extracting(SetChange::sent).containsExactly(500L, 1_000L, 1_500L, 2_000L, 2_500L, 2_501L, 2_501L);
        assertThat(reports.get(reports.size() - 1).done()).isTrue();
        assertThat(reportingThreads).as("a reply can come before its continuation is attached; still never here")
                .doesNotContain(Thread.currentThread());
        assertThat(CommandStats.calls(redis.sync(), "sadd")).isEqualTo(6 + 1); // 6 batches + the fill

        SetChange removed = await(sets.removeAll(b("train"), ids(2_000, 3_300), p -> { }).result());
        assertThat(removed).isEqualTo(new SetChange(500, 800, 1_300, 1_300, true));
        assertThat(redis.sync().scard("train")).isEqualTo(2_000);

        assertThat(await(sets.add(b("train"), List.of(b("id:0"), b("new"))))).isEqualTo(new SetChange(1, 1, 2, 2, true));
        assertThat(await(sets.remove(b("train"), List.of(b("new"), b("ghost"))))).isEqualTo(new SetChange(1, 1, 2, 2, true));
    }

    @Test
    void progressNeverRunsOnTheThreadThatStartedTheEdit() throws Exception {
        // Started from the connection's own I/O thread, where every reply to it is read: a continuation attached
        // there before the reply comes would run there, on the caller's thread, unless it hops. (From any other
        // thread that happens only when a reply beats the attaching, which no test can arrange.)
        Thread caller = null;
        List<Thread> reporters = new CopyOnWriteArrayList<>();
        for (int attempt = 0; attempt < 20 && (caller == null || !caller.getName().contains("EventLoop")); attempt++) {
            AtomicReference<Thread> startedOn = new AtomicReference<>();
            reporters.clear();
            BatchedEdit<SetChange> edit = await(session.read("PING", c -> c.ping()).thenApply(pong -> {
                startedOn.set(Thread.currentThread());
                return sets.addAll(b("train"), ids(0, 1_500), p -> reporters.add(Thread.currentThread()));
            }));
            await(edit.result());
            caller = startedOn.get();
        }

        assertThat(caller.getName()).contains("EventLoop");
        assertThat(reporters).hasSize(4).doesNotContain(caller);
    }

    @Test
    void aCancelledBulkAddStopsBetweenBatchesWithExactCounts() throws Exception {
        AtomicReference<BatchedEdit<SetChange>> edit = new AtomicReference<>();
        CompletableFuture<Void> handedOut = new CompletableFuture<>();
        edit.set(sets.addAll(b("train"), ids(0, 2_000), p -> {
            awaitQuietly(handedOut); // the handle is out before it is cancelled
            if (p.sent() == 500) {
                edit.get().cancel();
            }
        }));
        handedOut.complete(null);

        SetChange end = await(edit.get().result());

        assertThat(end).isEqualTo(new SetChange(500, 0, 500, 2_000, false));
        assertThat(redis.sync().scard("train")).isEqualTo(500);
    }

    @Test
    void moveAndScoreEdits() throws Exception {
        redis.sync().sadd("train", "a", "b");
        redis.sync().sadd("test", "c");
        redis.sync().zadd("difficulty", 1.0, "a");

        assertThat(await(sets.move(b("train"), b("test"), b("a")))).isTrue();
        assertThat(await(sets.move(b("train"), b("test"), b("a")))).as("no longer in train").isFalse();
        assertThat(redis.sync().smembers("train")).containsExactly("b");
        assertThat(redis.sync().smembers("test")).containsExactlyInAnyOrder("a", "c");

        assertThat(await(sets.setScore(b("difficulty"), b("a"), 0.25))).isTrue();
        assertThat(redis.sync().zscore("difficulty", "a")).isEqualTo(0.25);
        assertThat(await(sets.setScore(b("difficulty"), b("a"), 0.25))).as("unchanged, but there").isTrue();
        assertThat(await(sets.setScore(b("difficulty"), b("typo"), 3.0))).as("never added").isFalse();
        assertThat(redis.sync().zcard("difficulty")).isEqualTo(1);
        assertThatThrownBy(() -> await(sets.setScore(b("difficulty"), b("a"), Double.NaN)))
                .cause().isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReadOnlyProfileRefusesEveryEditBeforeSendingIt() throws Exception {
        redis.sync().sadd("train", "a");
        redis.sync().sadd("test", "b");
        redis.sync().zadd("difficulty", 1.0, "a");
        redis.sync().configResetstat();
        ConnectionProfile readOnly = redis.profile().toBuilder().readOnly(true).name("prod mirror").build();
        try (RedisSession s = RedisSession.open(readOnly).get(10, TimeUnit.SECONDS)) {
            SetMembership ro = new SetMembership(s);
            List<byte[]> two = List.of(b("a"), b("x"));
            List<CompletableFuture<?>> attempts = List.of(
                    ro.add(b("train"), two), ro.remove(b("train"), two),
                    ro.addAll(b("train"), two, p -> { }).result(), ro.removeAll(b("train"), two, p -> { }).result(),
                    ro.move(b("train"), b("test"), b("a")), ro.setScore(b("difficulty"), b("a"), 9));
            for (CompletableFuture<?> attempt : attempts) {
                assertThatThrownBy(() -> await(attempt)).cause().isInstanceOf(ReadOnlyProfileException.class)
                        .hasMessageContaining("'prod mirror' is read-only");
            }
            assertThat(await(ro.contains(b("train"), two))).as("reading is fine").containsExactly(true, false);
        }
        assertThat(CommandStats.read(redis.sync())).doesNotContainKeys("sadd", "srem", "smove", "zadd", "zscore");
        assertThat(redis.sync().smembers("train")).containsExactly("a");
        assertThat(redis.sync().zscore("difficulty", "a")).isEqualTo(1.0);
    }

    @Test
    void theServersVersionIsAskedOncePerSession() throws Exception {
        assumeTrue(redis.binary().versionNumber() >= 602, "needs SMISMEMBER");
        redis.sync().sadd("train", "a");
        try (RedisSession fresh = RedisSession.open(redis.profile()).get(10, TimeUnit.SECONDS)) {
            redis.sync().configResetstat();
            SetMembership one = new SetMembership(fresh);
            SetMembership two = new SetMembership(fresh);
            for (int i = 0; i < 3; i++) {
                await(one.contains(b("train"), List.of(b("a"))));
                await(two.contains(b("train"), List.of(b("a"))));
            }
        }
        // the session's one INFO server (INFO commandstats is counted only after it has answered)
        assertThat(CommandStats.calls(redis.sync(), "info")).isEqualTo(1);
        assertThat(CommandStats.calls(redis.sync(), "smismember")).isEqualTo(6);
    }
}
