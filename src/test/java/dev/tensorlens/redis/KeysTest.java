package dev.tensorlens.redis;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KeysTest {

    @Property
    void escapedTextReadsBackToTheExactBytes(@ForAll byte[] key) {
        assertThat(Keys.bytes(Keys.display(key))).isEqualTo(key);
    }

    @Test
    void readableKeysStayReadable() {
        assertThat(Keys.display("model:mlp:v1".getBytes())).isEqualTo("model:mlp:v1");
        assertThat(Keys.display("modèle:ü".getBytes(StandardCharsets.UTF_8))).isEqualTo("modèle:ü");
        assertThat(Keys.display(new byte[] {'k', (byte) 0xff, 0, '\n'})).isEqualTo("k\\xff\\x00\\n");
        assertThat(Keys.bytes("k\\xff\\x00\\n")).containsExactly('k', 0xff, 0, '\n');
    }
}
