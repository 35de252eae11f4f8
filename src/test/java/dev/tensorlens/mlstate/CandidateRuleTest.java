package dev.tensorlens.mlstate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue keeps only the keys {@link LayoutRecognizer#claimsByName} or {@link LayoutRecognizer#isRawArrayHash}
 * let through, and asks for hash fields only for those. That must never change what is recognised: on random
 * listings made of the words users' keys are made of, recognising the kept keys finds exactly what recognising
 * every key finds.
 */
class CandidateRuleTest {

    private static final String[] WORDS = {"model", "models", "ckpt", "digits-mlp", "bert", "v1", "v2", "v10", "epoch_3",
            "step12000", "cache", "batch", "0", "features", "layer0.weight", "fc.bias", "kernel", "safetensors", "fp16",
            "npy", "params", "model_params", "net_state_dict", "dataset", "digits", "train", "val", "test", "mnist_test_ids",
            "versions", "checkpoints", "history", "user", "session", "queue", "readme", "config", "metrics", "x",
            "preprocessed_data", "recent-batches", "features.0.weight"};
    private static final String[] FIELDS = {"layer0.weight", "layer0.bias", "dtype", "shape", "data", "w", "w:dtype",
            "w:shape", "name", "email", "order", "weights"};
    private static final RedisType[] TYPES = {RedisType.STRING, RedisType.HASH, RedisType.SET, RedisType.ZSET,
            RedisType.LIST, RedisType.STREAM};

    private final LayoutRecognizer recognizer = new LayoutRecognizer();

    @Test
    void keepingOnlyCandidatesChangesNothingThatIsRecognised() {
        Random random = new Random(20261129);
        for (int listing = 0; listing < 2_000; listing++) {
            List<KeyEntry> all = new ArrayList<>();
            int keys = 1 + random.nextInt(25);
            for (int k = 0; k < keys; k++) {
                all.add(randomEntry(random));
            }
            List<KeyEntry> kept = all.stream().filter(CandidateRuleTest::kept).toList();

            assertThat(recognizer.recognize(kept)).as("listing %d: %s", listing, all).isEqualTo(recognizer.recognize(all));
        }
    }

    @Test
    void theCommonLayoutsAreCandidatesByNameAndPlainKeysAreNot() {
        assertThat(LayoutRecognizer.claimsByName("model:digits-mlp:v3", RedisType.HASH)).isTrue();
        assertThat(LayoutRecognizer.claimsByName("model:digits-mlp:v3:layer0.weight", RedisType.STRING)).isTrue();
        assertThat(LayoutRecognizer.claimsByName("model:digits-mlp:versions", RedisType.ZSET)).isTrue();
        assertThat(LayoutRecognizer.claimsByName("dataset:digits:train", RedisType.SET)).isTrue();
        assertThat(LayoutRecognizer.claimsByName("cache:digits:batch:0:normalized", RedisType.STRING)).isTrue();
        assertThat(LayoutRecognizer.claimsByName("model_params", RedisType.HASH)).isTrue();
        assertThat(LayoutRecognizer.claimsByName("preprocessed_data", RedisType.HASH)).isTrue();
        assertThat(LayoutRecognizer.claimsByName("cache:digits:recent-batches", RedisType.LIST)).isTrue();
        assertThat(LayoutRecognizer.claimsByNameAsNonHash("cache:digits:recent-batches")).isTrue();

        assertThat(LayoutRecognizer.claimsByName("user:42", RedisType.HASH)).isFalse();
        assertThat(LayoutRecognizer.claimsByName("session:abc", RedisType.STRING)).isFalse();
        assertThat(LayoutRecognizer.claimsByName("queue:jobs", RedisType.LIST)).isFalse();
        assertThat(LayoutRecognizer.isRawArrayHash(List.of("data", "dtype", "shape"))).isTrue();
        assertThat(LayoutRecognizer.claimsByNameAsNonHash("model:digits-mlp:versions")).isTrue();
        assertThat(LayoutRecognizer.claimsByNameAsNonHash("model_params")).as("a params hash: hashes are not asked").isFalse();
        assertThat(LayoutRecognizer.claimsByNameAsNonHash("session:abc")).isFalse();
    }

    private static boolean kept(KeyEntry e) {
        return LayoutRecognizer.claimsByName(e.key(), e.type())
                || (e.type() == RedisType.HASH && LayoutRecognizer.isRawArrayHash(e.fields()));
    }

    private static KeyEntry randomEntry(Random random) {
        int segments = 1 + random.nextInt(5);
        StringBuilder key = new StringBuilder();
        for (int s = 0; s < segments; s++) {
            key.append(s == 0 ? "" : ":").append(WORDS[random.nextInt(WORDS.length)]);
        }
        RedisType type = TYPES[random.nextInt(TYPES.length)];
        List<String> fields = new ArrayList<>();
        if (type == RedisType.HASH || type == RedisType.ZSET) {
            int n = random.nextInt(6);
            for (int f = 0; f < n; f++) {
                String field = type == RedisType.ZSET ? WORDS[random.nextInt(WORDS.length)] : FIELDS[random.nextInt(FIELDS.length)];
                if (!fields.contains(field)) {
                    fields.add(field);
                }
            }
        }
        return new KeyEntry(key.toString(), type, fields, fields.size());
    }
}
