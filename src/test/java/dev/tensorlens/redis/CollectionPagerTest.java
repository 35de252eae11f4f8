package dev.tensorlens.redis;

import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Paging each collection type on a real server: sizes, cursors, MATCH, scores, binary members. */
class CollectionPagerTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;
    static CollectionPager pager;

    @BeforeAll
    static void connect() {
        session = redis.session();
        pager = new CollectionPager(session);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void aHashOfTenThousandFieldsIsReadInPagesThatCoverItOnce() {
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            fields.put(b("field:" + i), b("value " + i));
        }
        session.write("HSET", c -> c.hset(b("wide"), fields)).join();

        CollectionPage first = pager.page(b("wide"), "hash", null, null, 200).join();
        assertThat(first.entries().size()).as("at least a page, not the hash").isBetween(200, 400);
        assertThat(first.finished()).isFalse();
        CollectionPage.Entry e = first.entries().get(0);
        assertThat(s(e.value())).isEqualTo("value " + s(e.member()).substring("field:".length()));

        Set<String> seen = new HashSet<>();
        first.entries().forEach(x -> seen.add(s(x.member())));
        int pages = 1;
        String cursor = first.nextCursor();
        while (cursor != null) {
            CollectionPage page = pager.page(b("wide"), "hash", cursor, null, 200).join();
            page.entries().forEach(x -> seen.add(s(x.member())));
            cursor = page.nextCursor();
            pages++;
        }
        assertThat(seen).hasSize(10_000);
        assertThat(pages).isBetween(25, 60);
    }

    @Test
    void aFilterBecomesMatchWithItsGlobCharactersEscaped() {
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            fields.put(b("w" + i), b("v"));
        }
        fields.put(b("odd[1]*?"), b("literal"));
        fields.put(b("odd1"), b("a glob would match this"));
        session.write("HSET", c -> c.hset(b("filtered"), fields)).join();

        List<String> matched = readAll("filtered", "hash", KeyPattern.containing(b("123")));
        List<String> expected = IntStream.range(0, 10_000).mapToObj(i -> "w" + i).filter(f -> f.contains("123")).toList();
        assertThat(matched).containsExactlyInAnyOrderElementsOf(expected);

        assertThat(readAll("filtered", "hash", KeyPattern.containing(b("[1]*?")))).containsExactly("odd[1]*?");
        assertThat(s(KeyPattern.containing(b("a\\b*")))).isEqualTo("*a\\\\b\\**");
    }

    @Test
    void sortedSetsComeWithTheirScores() {
        Map<String, Double> members = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            members.put("m" + i, i * 0.5);
        }
        members.forEach((m, sc) -> session.write("ZADD", c -> c.zadd(b("scores"), sc, b(m))));
        session.read("PING", c -> c.ping()).join();

        Map<String, Double> read = new LinkedHashMap<>();
        String cursor = null;
        do {
            CollectionPage page = pager.page(b("scores"), "zset", cursor, null, 200).join();
            page.entries().forEach(x -> read.put(s(x.member()), x.score()));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(read).hasSize(500);
        assertThat(read.get("m7")).isCloseTo(3.5, within(1e-12));
        CollectionPage filtered = pager.page(b("scores"), "zset", null, KeyPattern.containing(b("49")), 200).join();
        assertThat(filtered.entries()).extracting(x -> s(x.member())).contains("m49", "m149", "m249", "m490");
    }

    @Test
    void listsArePagedByIndex() {
        byte[][] elements = IntStream.range(0, 450).mapToObj(i -> b("e" + i)).toArray(byte[][]::new);
        session.write("RPUSH", c -> c.rpush(b("list"), elements)).join();

        CollectionPage first = pager.page(b("list"), "list", null, null, 200).join();
        CollectionPage second = pager.page(b("list"), "list", first.nextCursor(), null, 200).join();
        CollectionPage third = pager.page(b("list"), "list", second.nextCursor(), null, 200).join();

        assertThat(first.entries()).hasSize(200);
        assertThat(first.entries().get(0).position()).isEqualTo("0");
        assertThat(second.entries().get(0).position()).isEqualTo("200");
        assertThat(s(second.entries().get(0).member())).isEqualTo("e200");
        assertThat(third.entries()).hasSize(50);
        assertThat(third.finished()).isTrue();
        assertThat(s(third.entries().get(49).member())).isEqualTo("e449");
    }

    @Test
    void streamsArePagedByIdWithTheirFields() {
        for (int i = 0; i < 250; i++) {
            int n = i;
            session.write("XADD", c -> c.xadd(b("events"), Map.of(b("n"), b(Integer.toString(n)))));
        }
        session.read("PING", c -> c.ping()).join();

        List<CollectionPage.Entry> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            CollectionPage page = pager.page(b("events"), "stream", cursor, null, 100).join();
            all.addAll(page.entries());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(all).hasSize(250);
        assertThat(all.stream().map(CollectionPage.Entry::position).distinct().count()).isEqualTo(250);
        assertThat(s(all.get(249).fields().get(0).getValue())).isEqualTo("249");
        assertThat(CollectionPager.nextStreamId("5-18446744073709551615")).isEqualTo("6-0");
        assertThat(CollectionPager.nextStreamId("1700000000000-4")).isEqualTo("1700000000000-5");
    }

    @Test
    void binaryMembersComeBackByteForByte() {
        byte[] odd = {(byte) 0xff, 0, '*', '\n', (byte) 0x80};
        session.write("SADD", c -> c.sadd(b("bin"), odd, b("plain"))).join();
        session.write("HSET", c -> c.hset(b("binhash"), odd, odd)).join();

        Set<ByteBuffer> members = pager.page(b("bin"), "set", null, null, 200).join().entries().stream()
                .map(x -> ByteBuffer.wrap(x.member())).collect(Collectors.toSet());
        assertThat(members).contains(ByteBuffer.wrap(odd), ByteBuffer.wrap(b("plain")));

        CollectionPage filtered = pager.page(b("bin"), "set", null, KeyPattern.containing(new byte[] {0, '*'}), 200).join();
        assertThat(filtered.entries()).singleElement().satisfies(x -> assertThat(x.member()).isEqualTo(odd));
        CollectionPage.Entry field = pager.page(b("binhash"), "hash", null, null, 200).join().entries().get(0);
        assertThat(field.member()).isEqualTo(odd);
        assertThat(field.value()).isEqualTo(odd);
    }

    private static List<String> readAll(String key, String type, byte[] match) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        do {
            CollectionPage page = pager.page(b(key), type, cursor, match, 200).join();
            page.entries().forEach(x -> out.add(s(x.member())));
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }
}
