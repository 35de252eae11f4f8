package dev.tensorlens.mlstate;

import dev.tensorlens.tensor.DType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ModuleTreeTest {

    static LayerInfo layer(String name, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return new LayerInfo(name, TensorRef.field(name, "model:m:v1", name, TensorEncoding.SNIFF), null, "npy",
                DType.FLOAT32, shape, n * 4, -1, null);
    }

    @Test
    void modulesSumTheParametersUnderThemInTheOrderTensorsCame() {
        ModuleTree.Node root = ModuleTree.of(List.of(
                layer("encoder.0.weight", 64, 784), layer("encoder.0.bias", 64),
                layer("encoder.1.weight", 10, 64), layer("head.weight", 2, 10)));

        assertThat(root.parameters()).isEqualTo(64 * 784 + 64 + 640 + 20);
        assertThat(root.children()).extracting(ModuleTree.Node::name).containsExactly("encoder", "head");
        ModuleTree.Node encoder = root.children().get(0);
        assertThat(encoder.parameters()).isEqualTo(64 * 784 + 64 + 640);
        assertThat(encoder.tensors()).isEqualTo(3);
        assertThat(encoder.children()).extracting(ModuleTree.Node::path).containsExactly("encoder.0", "encoder.1");
        ModuleTree.Node bias = encoder.children().get(0).children().get(1);
        assertThat(bias.path()).isEqualTo("encoder.0.bias");
        assertThat(bias.layer().name()).isEqualTo("encoder.0.bias");
        assertThat(bias.isLeaf()).isTrue();
        assertThat(encoder.layer()).isNull();
    }

    @Test
    void unreadableLayersCountAsTensorsWithoutParameters() {
        LayerInfo broken = LayerInfo.unreadable("fc.weight", TensorRef.wholeKey("fc.weight", "k"), null, "npy", 10, "cut off");
        ModuleTree.Node root = ModuleTree.of(List.of(broken, layer("fc.bias", 3)));

        assertThat(root.tensors()).isEqualTo(2);
        assertThat(root.parameters()).isEqualTo(3);
    }
}
