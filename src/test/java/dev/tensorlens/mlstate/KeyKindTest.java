package dev.tensorlens.mlstate;

import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.tensor.write.SafetensorsWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KeyKindTest {

    private static byte[] head(byte[] value) {
        return Arrays.copyOf(value, Math.min(value.length, KeyKind.HEAD_BYTES));
    }

    private static final byte[] NPY = head(NpyWriter.float32(new long[]{2, 2}, new float[]{1, 2, 3, 4}));

    @Test
    void aCheckpointHashIsAModel() {
        KeyKind kind = KeyKind.of("model:digits-mlp:v1", RedisType.HASH, new byte[0],
                List.of("layer0.weight", "layer0.bias")).orElseThrow();
        assertThat(kind.label()).isEqualTo("checkpoint");
        assertThat(kind.area()).isEqualTo(KeyKind.Area.MODELS);
        assertThat(kind.detail()).contains("digits-mlp");
    }

    @Test
    void aSafetensorsCheckpointSaysBoth() {
        byte[] blob = new SafetensorsWriter().addFloat32("w", new long[]{2}, new float[]{1, 2}).toBytes();
        KeyKind kind = KeyKind.of("model:digits-mlp:v1:safetensors", RedisType.STRING, head(blob), List.of()).orElseThrow();
        assertThat(kind.label()).isEqualTo("checkpoint · safetensors");
        assertThat(kind.area()).isEqualTo(KeyKind.Area.MODELS);
    }

    @Test
    void splitsCachedArraysAndVersionIndexes() {
        assertThat(KeyKind.of("dataset:digits:train", RedisType.SET, new byte[0], List.of()))
                .get().extracting(KeyKind::label, KeyKind::area).containsExactly("split", KeyKind.Area.DATASETS);
        assertThat(KeyKind.of("cache:digits:batch:0", RedisType.STRING, NPY, List.of()))
                .get().extracting(KeyKind::label, KeyKind::area).containsExactly("cached · npy", KeyKind.Area.DATA);
        assertThat(KeyKind.of("model:digits-mlp:versions", RedisType.ZSET, new byte[0], List.of()))
                .get().extracting(KeyKind::label, KeyKind::area).containsExactly("versions", KeyKind.Area.MODELS);
    }

    @Test
    void tutorialSplitsAndWeightedSortedSetSplitsAreSplits() {
        assertThat(KeyKind.of("train_dataset", RedisType.SET, new byte[0], List.of()))
                .get().extracting(KeyKind::label, KeyKind::area, KeyKind::detail)
                .containsExactly("split", KeyKind.Area.DATASETS, "The train split of dataset 'dataset'");
        KeyKind weighted = KeyKind.of("dataset:reviews:train", RedisType.ZSET, new byte[0], List.of()).orElseThrow();
        assertThat(weighted.label()).isEqualTo("split");
        assertThat(weighted.detail()).contains("'reviews'").contains("weighted sampling");
        assertThat(KeyKind.of("scores", RedisType.ZSET, new byte[0], List.of())).isEmpty();
    }

    @Test
    void formatsProvenByMagicBytes() {
        assertThat(KeyKind.of("anything", RedisType.STRING, NPY, List.of())).get().extracting(KeyKind::label).isEqualTo("npy");
        byte[] pickle = {(byte) 0x80, 4, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, 0, '}', (byte) 0x94, '.'};
        KeyKind p = KeyKind.of("obj", RedisType.STRING, pickle, List.of()).orElseThrow();
        assertThat(p.label()).isEqualTo("pickle");
        assertThat(p.detail()).contains("never executed");
    }

    @Test
    void plainKeysGetNoBadge() {
        assertThat(KeyKind.of("demo:readme", RedisType.STRING, "Hello, this is text".getBytes(StandardCharsets.UTF_8), List.of()))
                .isEqualTo(Optional.empty());
        assertThat(KeyKind.of("counter", RedisType.STRING, "42".getBytes(StandardCharsets.UTF_8), List.of())).isEmpty();
        assertThat(KeyKind.of("session:abc", RedisType.HASH, new byte[0], List.of("user", "expires"))).isEmpty();
        assertThat(KeyKind.of("queue", RedisType.LIST, new byte[0], List.of())).isEmpty();
    }
}
