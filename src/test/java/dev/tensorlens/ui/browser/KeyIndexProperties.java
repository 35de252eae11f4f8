package dev.tensorlens.ui.browser;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** For random key sets, over a small alphabet so that prefixes, digits, empty segments and duplicates are common. */
class KeyIndexProperties {

    @Provide
    Arbitrary<List<byte[]>> keySets() {
        Arbitrary<Byte> alphabet = Arbitraries.of((byte) 'a', (byte) 'b', (byte) '0', (byte) '1', (byte) '9',
                (byte) ':', (byte) ':', (byte) '/', (byte) 0xff, (byte) 0);
        Arbitrary<byte[]> key = alphabet.list().ofMinSize(0).ofMaxSize(8)
                .map(l -> {
                    byte[] k = new byte[l.size()];
                    for (int i = 0; i < k.length; i++) {
                        k[i] = l.get(i);
                    }
                    return k;
                });
        return key.list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<Byte> delimiters() {
        return Arbitraries.of((byte) ':', (byte) '/');
    }

    private static KeyIndex indexOf(List<byte[]> keys, byte delimiter, int pageSize) {
        KeyIndex index = new KeyIndex(delimiter);
        for (int i = 0; i < keys.size(); i += pageSize) {
            index.add(keys.subList(i, Math.min(keys.size(), i + pageSize)));
            if (i % (2 * pageSize) == 0) {
                index.snapshot(); // snapshots in between exercise the incremental merge
            }
        }
        return index;
    }

    private static Set<ByteBuffer> distinct(List<byte[]> keys) {
        Set<ByteBuffer> set = new HashSet<>();
        keys.forEach(k -> set.add(ByteBuffer.wrap(k)));
        return set;
    }

    @Property
    void flatModeIsTheSortedDistinctKeys(@ForAll("keySets") List<byte[]> keys, @ForAll("delimiters") byte delim) {
        KeySnapshot s = indexOf(keys, delim, 7).snapshot();
        TreeSet<byte[]> expected = new TreeSet<>((x, y) -> KeyOrder.compare(x, y, delim));
        expected.addAll(keys);
        List<byte[]> actual = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            actual.add(s.key(i));
        }
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(s.size()).isEqualTo(distinct(keys).size());
    }

    @Property
    void everyKeyAppearsExactlyOnceInTheTreeAndCountsMatch(@ForAll("keySets") List<byte[]> keys,
                                                           @ForAll("delimiters") byte delim) {
        KeySnapshot s = indexOf(keys, delim, 5).snapshot();
        Map<ByteBuffer, Integer> seen = new HashMap<>();
        walk(s, new byte[0], delim, seen);
        Set<ByteBuffer> expected = distinct(keys);
        assertThat(seen.keySet()).isEqualTo(expected);
        assertThat(seen.values()).allMatch(n -> n == 1);
    }

    /** Walks a folder, checking counts, order and names; returns the keys found under it. */
    private static int walk(KeySnapshot s, byte[] prefix, byte delim, Map<ByteBuffer, Integer> seen) {
        KeyChildren c = s.children(prefix);
        int total = 0;
        byte[] previous = null;
        for (int i = 0; i < c.size(); i++) {
            byte[] name = c.name(i);
            assertThat(name).doesNotContain(delim);
            if (c.isFolder(i)) {
                byte[] sub = c.prefix(i);
                assertThat(sub).isEqualTo(concat(prefix, name, new byte[]{delim}));
                int under = walk(s, sub, delim, seen);
                assertThat(c.count(i)).isEqualTo(under).isEqualTo(s.count(sub)).isPositive();
                assertThat(c.folderIndex(sub)).isEqualTo(i);
                total += under;
            } else {
                byte[] key = c.key(i);
                assertThat(key).isEqualTo(concat(prefix, name));
                seen.merge(ByteBuffer.wrap(key), 1, Integer::sum);
                total++;
            }
            if (previous != null && c.isFolder(i) == c.isFolder(i - 1)) {
                assertThat(KeyOrder.compare(previous, name, delim)).isNegative();
            }
            previous = name;
        }
        assertThat(total).isEqualTo(c.keyCount());
        return total;
    }

    @Property
    void removalsLeaveExactlyTheOtherKeys(@ForAll("keySets") List<byte[]> keys, @ForAll("keySets") List<byte[]> gone,
                                          @ForAll("delimiters") byte delim) {
        KeyIndex index = indexOf(keys, delim, 4);
        Set<ByteBuffer> expected = distinct(keys);
        for (byte[] g : gone) {
            assertThat(index.remove(g)).isEqualTo(expected.remove(ByteBuffer.wrap(g)));
        }
        KeySnapshot s = index.snapshot();
        Map<ByteBuffer, Integer> seen = new HashMap<>();
        walk(s, new byte[0], delim, seen);
        assertThat(seen.keySet()).isEqualTo(expected);
        assertThat(index.size()).isEqualTo(expected.size()).isEqualTo(s.size());
    }

    @Property
    void theOrderIsTransitiveAndConsistentWithEquality(@ForAll("keySets") List<byte[]> keys) {
        for (byte[] x : keys) {
            for (byte[] y : keys) {
                int xy = KeyOrder.compare(x, y, (byte) ':');
                assertThat(Integer.signum(xy)).isEqualTo(-Integer.signum(KeyOrder.compare(y, x, (byte) ':')));
                assertThat(xy == 0).isEqualTo(Arrays.equals(x, y));
                for (byte[] z : keys.subList(0, Math.min(8, keys.size()))) {
                    if (xy < 0 && KeyOrder.compare(y, z, (byte) ':') < 0) {
                        assertThat(KeyOrder.compare(x, z, (byte) ':')).isNegative();
                    }
                }
            }
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
