package dev.tensorlens.ui.browser;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static dev.tensorlens.ui.browser.KeyIndexTest.b;
import static org.assertj.core.api.Assertions.assertThat;

class KeyOrderTest {

    static List<String> sorted(String... keys) {
        List<byte[]> list = new ArrayList<>();
        for (String k : keys) {
            list.add(b(k));
        }
        list.sort((x, y) -> KeyOrder.compare(x, y, (byte) ':'));
        return list.stream().map(k -> new String(k)).collect(Collectors.toList());
    }

    @Test
    void numbersCompareByValue() {
        assertThat(sorted("v10", "v2", "v1", "v100", "v9")).containsExactly("v1", "v2", "v9", "v10", "v100");
    }

    @Test
    void leadingZerosTieBreakInsideTheSegmentSoFoldersStayTogether() {
        assertThat(sorted("v02:b", "v2:a", "v02:a", "v2:b")).containsExactly("v2:a", "v2:b", "v02:a", "v02:b");
    }

    @Test
    void theDelimiterSortsBelowEveryByteAndTheEndBelowTheDelimiter() {
        assertThat(sorted("a!", "a:b", "a", "a\u0001")).containsExactly("a", "a:b", "a\u0001", "a!");
    }

    @Test
    void equalOnlyForEqualBytes() {
        assertThat(KeyOrder.compare(b("x007"), b("x7"), (byte) ':')).isNotZero();
        assertThat(KeyOrder.compare(b("x7"), b("x7"), (byte) ':')).isZero();
    }

    @Test
    void highBytesAreUnsigned() {
        assertThat(KeyOrder.compare(new byte[]{(byte) 0xff}, new byte[]{'a'}, (byte) ':')).isPositive();
    }
}
