package dev.tensorlens.mlstate;

import dev.tensorlens.tensor.DType;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.tensorlens.mlstate.ModuleTreeTest.layer;
import static org.assertj.core.api.Assertions.assertThat;

class VersionDiffTest {

    private static CheckpointContents contents(String version, LayerInfo... layers) {
        ModelVersion v = new ModelVersion(version, List.of());
        ModelEntry m = new ModelEntry("m", ModelLayout.HASH_PER_CHECKPOINT, "", List.of(v), Optional.empty());
        return new CheckpointContents(m, v, List.of(layers), 0);
    }

    @Test
    void everyLayerIsPairedAndWhatCannotBeComparedSaysWhy() {
        LayerInfo half = new LayerInfo("fc.bias", TensorRef.wholeKey("fc.bias", "k"), null, "npy", DType.FLOAT16,
                new long[] {8}, 16, -1, null);
        CheckpointContents before = contents("v1", layer("fc.weight", 8, 4), layer("fc.bias", 8), layer("old.weight", 2));
        CheckpointContents after = contents("v2", layer("fc.weight", 8, 5), half, layer("new.weight", 3));

        List<VersionDiff.Pair> pairs = VersionDiff.of(before, after);

        assertThat(pairs).extracting(VersionDiff.Pair::name, VersionDiff.Pair::status).containsExactly(
                Tuple.tuple("fc.weight", VersionDiff.Status.SHAPE_DIFFERS),
                Tuple.tuple("fc.bias", VersionDiff.Status.COMPARABLE),
                Tuple.tuple("new.weight", VersionDiff.Status.ONLY_AFTER),
                Tuple.tuple("old.weight", VersionDiff.Status.ONLY_BEFORE));
        assertThat(pairs.get(1).dtypeChange()).isEqualTo("float32 → float16");
        assertThat(pairs.get(0).dtypeChange()).isNull();
    }
}
