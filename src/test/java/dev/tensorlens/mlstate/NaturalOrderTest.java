package dev.tensorlens.mlstate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NaturalOrderTest {

    @Test
    void digitsCompareByValueTheRestByCharacter() {
        List<String> names = new ArrayList<>(List.of("layer10.weight", "layer2.bias", "layer2.weight", "v10", "v9",
                "layer02.bias", "fc", "a99999999999999999999", "a100000000000000000000"));
        names.sort(NaturalOrder.INSTANCE);
        assertThat(names).containsExactly("a99999999999999999999", "a100000000000000000000", "fc", "layer02.bias",
                "layer2.bias", "layer2.weight", "layer10.weight", "v9", "v10");
    }
}
