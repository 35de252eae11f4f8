package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.Keys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KeyActionsTest {

    @Test
    void aPlainKeysNewNameIsTakenLiterallyAnEscapedKeysIsReadBack() {
        byte[] plain = "runs:old".getBytes(StandardCharsets.UTF_8);
        assertThat(KeyActions.newName(plain, "runs\\test")).isEqualTo("runs\\test".getBytes(StandardCharsets.UTF_8));

        byte[] binary = {'b', ':', (byte) 0xff};
        String shown = Keys.display(binary); // b:\xff
        assertThat(KeyActions.newName(binary, shown + "2")).isEqualTo(new byte[] {'b', ':', (byte) 0xff, '2'});
    }
}
