package dev.tensorlens.ui.browser;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyIndexTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<byte[]> keys(String... ks) {
        List<byte[]> out = new ArrayList<>();
        for (String k : ks) {
            out.add(b(k));
        }
        return out;
    }

    /** "folder (count)" for sub-folders, "name" for keys. */
    static List<String> listing(KeySnapshot s, String prefix) {
        KeyChildren c = s.children(b(prefix));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            out.add(c.isFolder(i) ? c.displayName(i) + "/ (" + c.count(i) + ")" : c.displayName(i));
        }
        return out;
    }

    static List<String> flat(KeySnapshot s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(s.display(i));
        }
        return out;
    }

    @Test
    void nestedNamespacesFoldersFirstAndNumbersInNumericOrder() {
        KeyIndex index = new KeyIndex();
        index.add(keys("model:resnet:v10:fc", "model:resnet:v2:fc", "model:resnet:v2:conv1", "model:bert:v1:emb",
                "dataset:mnist:train", "key:10", "key:9", "key:100", "zeta", "alpha"));
        KeySnapshot s = index.snapshot();

        assertThat(listing(s, "")).containsExactly("dataset/ (1)", "key/ (3)", "model/ (4)", "alpha", "zeta");
        assertThat(listing(s, "model:")).containsExactly("bert/ (1)", "resnet/ (3)");
        assertThat(listing(s, "model:resnet:")).containsExactly("v2/ (2)", "v10/ (1)");
        assertThat(listing(s, "model:resnet:v2:")).containsExactly("conv1", "fc");
        assertThat(listing(s, "key:")).containsExactly("9", "10", "100");
        assertThat(s.count(b("model:"))).isEqualTo(4);
        assertThat(s.children(b("")).keyCount()).isEqualTo(10);
    }

    @Test
    void aKeyThatIsAlsoAFolderIsListedAsBoth() {
        KeyIndex index = new KeyIndex();
        index.add(keys("a:b", "a", "a:b:c", "a:b:d", "ab"));
        KeySnapshot s = index.snapshot();

        assertThat(listing(s, "")).containsExactly("a/ (3)", "a", "ab");
        assertThat(listing(s, "a:")).containsExactly("b/ (2)", "b");
        assertThat(listing(s, "a:b:")).containsExactly("c", "d");
        assertThat(flat(s)).containsExactly("a", "a:b", "a:b:c", "a:b:d", "ab");
    }

    @Test
    void emptySegmentsAndTrailingDelimitersAreFoldersAndKeysWithEmptyNames() {
        KeyIndex index = new KeyIndex();
        index.add(keys("a::b", "a:", "a:x", ":lead", "a::"));
        KeySnapshot s = index.snapshot();

        assertThat(listing(s, "")).containsExactly("/ (1)", "a/ (4)");
        assertThat(listing(s, ":")).containsExactly("lead");
        assertThat(listing(s, "a:")).containsExactly("/ (2)", "", "x");
        assertThat(listing(s, "a::")).containsExactly("", "b");
        KeyChildren a = s.children(b("a:"));
        assertThat(a.prefix(0)).isEqualTo(b("a::"));
        assertThat(a.key(1)).isEqualTo(b("a:"));
    }

    @Test
    void nonUtf8KeysKeepTheirExactBytesAndAreShownEscaped() {
        byte[] raw = {'b', 'i', 'n', ':', (byte) 0xff, (byte) 0xfe, 0, ':', 'x'};
        byte[] leaf = {'b', 'i', 'n', ':', (byte) 0x80};
        KeyIndex index = new KeyIndex();
        index.add(List.of(raw, leaf));
        KeySnapshot s = index.snapshot();

        assertThat(listing(s, "bin:")).containsExactly("\\xff\\xfe\\x00/ (1)", "\\x80");
        KeyChildren c = s.children(b("bin:"));
        assertThat(s.children(c.prefix(0)).key(0)).isEqualTo(raw);
        assertThat(c.key(1)).isEqualTo(leaf);
        assertThat(s.contains(raw)).isTrue();
        assertThat(s.key(s.rank(raw))).isEqualTo(raw);
    }

    @Test
    void aCustomDelimiterSplitsOnlyOnIt() {
        KeyIndex index = new KeyIndex((byte) '/');
        index.add(keys("runs/2024/a:b", "runs/2024/c", "runs/x"));
        KeySnapshot s = index.snapshot();

        assertThat(listing(s, "")).containsExactly("runs/ (3)");
        assertThat(listing(s, "runs/2024/")).containsExactly("a:b", "c");
    }

    @Test
    void changingTheDelimiterResortsAndRegroups() {
        KeyIndex index = new KeyIndex();
        index.add(keys("a/b:c", "a/b:d", "a:z"));
        index.setDelimiter((byte) '/');
        KeySnapshot s = index.snapshot();

        assertThat(listing(s, "")).containsExactly("a/ (2)", "a:z");
        assertThat(listing(s, "a/")).containsExactly("b:c", "b:d");
        assertThatThrownBy(() -> index.setDelimiter((byte) '7')).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicatesWithinAndAcrossPagesAreStoredOnce() {
        KeyIndex index = new KeyIndex();
        assertThat(index.add(keys("a:1", "a:2", "a:1"))).isEqualTo(2);
        assertThat(index.add(keys("a:2", "a:3"))).isEqualTo(1);
        KeySnapshot s = index.snapshot();

        assertThat(index.size()).isEqualTo(3);
        assertThat(flat(s)).containsExactly("a:1", "a:2", "a:3");
        assertThat(listing(s, "")).containsExactly("a/ (3)");
    }

    @Test
    void removalUpdatesCountsAndLeavesOldSnapshotsAlone() {
        KeyIndex index = new KeyIndex();
        index.add(keys("m:a:1", "m:a:2", "m:b:1", "x"));
        KeySnapshot before = index.snapshot();

        assertThat(index.remove(b("m:a:1"))).isTrue();
        assertThat(index.remove(b("m:a:1"))).isFalse();
        assertThat(index.remove(b("nope"))).isFalse();
        KeySnapshot after = index.snapshot();

        assertThat(listing(after, "m:")).containsExactly("a/ (1)", "b/ (1)");
        assertThat(listing(before, "m:")).containsExactly("a/ (2)", "b/ (1)");
        assertThat(before.size()).isEqualTo(4);
        assertThat(after.version()).isGreaterThan(before.version());

        assertThat(index.removeFolder(b("m:"))).isEqualTo(2);
        assertThat(flat(index.snapshot())).containsExactly("x");
        assertThat(listing(index.snapshot(), "")).containsExactly("x");

        assertThat(index.add(b("m:a:1"))).isTrue(); // a removed key can come back
        assertThat(flat(index.snapshot())).containsExactly("m:a:1", "x");
    }

    @Test
    void aKeyRemovedBeforeItWasEverSnapshottedNeverShows() {
        KeyIndex index = new KeyIndex();
        index.add(keys("a", "b"));
        index.remove(b("a"));
        assertThat(flat(index.snapshot())).containsExactly("b");
    }

    @Test
    void removingTheRootFolderClearsEverything() {
        KeyIndex index = new KeyIndex();
        index.add(keys("a", "b:c"));
        assertThat(index.removeFolder(new byte[0])).isEqualTo(2);
        assertThat(index.snapshot().size()).isZero();
        assertThat(index.size()).isZero();
    }

    @Test
    void theEmptyKeyIsAKeyLikeAnyOther() { // found by KeyIndexProperties: the first key stored was empty
        KeyIndex index = new KeyIndex();
        index.add(List.of(new byte[0], b("a")));
        KeySnapshot s = index.snapshot();
        assertThat(flat(s)).containsExactly("", "a");
        assertThat(listing(s, "")).containsExactly("", "a");
    }

    @Test
    void keysReturnedAreCopies() {
        KeyIndex index = new KeyIndex();
        index.add(keys("abc"));
        KeySnapshot s = index.snapshot();
        s.key(0)[0] = 'z';
        assertThat(s.key(0)).isEqualTo(b("abc"));
    }

    @Test
    void manyKeysAcrossChunksAndALongKey() {
        KeyIndex index = new KeyIndex();
        byte[] huge = new byte[(1 << 20) + 5];
        Arrays.fill(huge, (byte) 'h');
        List<byte[]> page = new ArrayList<>();
        for (int i = 0; i < 120_000; i++) {
            page.add(b("cache:ds:batch:" + i + ":normalized"));
            if (i == 50_000) {
                page.add(huge);
            }
        }
        index.add(page);
        index.add(page); // all duplicates
        KeySnapshot s = index.snapshot();

        assertThat(s.size()).isEqualTo(120_001);
        assertThat(s.key(s.size() - 1)).isEqualTo(huge);
        assertThat(s.display(0)).isEqualTo("cache:ds:batch:0:normalized");
        KeyChildren batches = s.children(b("cache:ds:batch:"));
        assertThat(batches.folderCount()).isEqualTo(120_000);
        assertThat(batches.displayName(119_999)).isEqualTo("119999");
        assertThat(s.contains(b("cache:ds:batch:77777:normalized"))).isTrue();
    }
}
