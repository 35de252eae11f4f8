package dev.tensorlens.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of every key the demo writes, in one place: the seeder writes them, tests and the README name them.
 * The layouts are the ones docs/STORAGE.md recommends, plus a few a user will meet in the wild.
 */
public final class DemoKeys {

    public static final String MODEL = "model:digits-mlp";
    public static final String README = "demo:readme";
    public static final String CONFIG = MODEL + ":config";
    public static final String VERSIONS = MODEL + ":versions";
    public static final String METRICS = MODEL + ":metrics";
    /** The classic redis-py "model_params" hash: one JSON dict per layer. */
    public static final String MODEL_PARAMS_JSON = "model_params";
    public static final String RECENT_BATCHES = "cache:digits:recent-batches";
    /** Set of the digit images' ids the demo model trained on, {@code 0 … 1999}. */
    public static final String TRAIN = "dataset:digits:train";
    /** Set of ids {@code 2000 … 2249}. */
    public static final String VAL = "dataset:digits:val";
    /** Set of ids {@code 2250 … 2499} plus {@link DemoSeeder#LEAKED_IDS}, a train/test leak to find. */
    public static final String TEST = "dataset:digits:test";
    /**
     * Hash beside the digits splits: sample id → its digit class ({@code "0"} … {@code "9"}) for every id in them,
     * so the Datasets view can show each split's class balance.
     */
    public static final String DIGITS_LABELS = "dataset:digits:labels";
    /**
     * The classic redis-py tutorial's splits, {@code r.sadd("train_dataset", *ids)}: ids {@code 0 … 47} of the
     * {@link #PREPROCESSED_DATA} rows. No prefix: the rules name this dataset after the suffix, "dataset".
     */
    public static final String TUTORIAL_TRAIN = "train_dataset";
    /** Ids {@code 48 … 55} of the {@link #PREPROCESSED_DATA} rows. */
    public static final String TUTORIAL_VAL = "val_dataset";
    /** Ids {@code 56 … 63} of the {@link #PREPROCESSED_DATA} rows; no leak. */
    public static final String TUTORIAL_TEST = "test_dataset";
    /**
     * A weighted split: sorted set of review indexes {@code 0 … 8} (into {@link #REVIEWS_TEXT}), each scored with its
     * sampling weight (negative reviews, the rarer class, weigh twice as much).
     */
    public static final String REVIEWS_TRAIN = "dataset:reviews:train";
    /** Set of review indexes {@code 9 … 11}. */
    public static final String REVIEWS_TEST = "dataset:reviews:test";
    public static final String EVENTS = "events:training";
    public static final String TRUNCATED_NPY = "demo:malformed:truncated-npy";
    public static final String BAD_SAFETENSORS = "demo:malformed:bad-safetensors-header";
    public static final String PICKLED_STATE_DICT = "pickle:digits-mlp:state_dict";
    public static final String PICKLED_NORMALIZER = "pickle:digits:normalizer";

    // Cached preprocessed data, one key per kind the Data view reads (see CachedData for how each is made).
    /**
     * The classic redis-py tutorial's hash: {@code features} = {@code json.dumps(X.tolist())} of 64 images × 8
     * features ({@code CachedData.FEATURE_NAMES}, rounded to 4 places), {@code labels} = {@code json.dumps(y.tolist())}.
     */
    public static final String PREPROCESSED_DATA = "preprocessed_data";
    /** JSON list of the ten class names, {@code ["zero", "one", …]}: what a label id means. */
    public static final String LABEL_NAMES = "cache:digits:label-names";
    /** uint8 NHWC (16, 32, 32, 3) {@code .npy}: the first 16 digits padded and coloured, one hue per image. */
    public static final String RGB_IMAGES = "cache:digits:rgb:0:images";
    /** int64 (16) {@code .npy}: the labels of {@link #RGB_IMAGES}, beside them under the same prefix. */
    public static final String RGB_TARGETS = "cache:digits:rgb:0:targets";
    /** float32 NCHW (16, 3, 32, 32) {@code .npy}: {@link #RGB_IMAGES} normalised with the ImageNet mean and std. */
    public static final String CHW_IMAGES = "cache:digits:chw:0:x";
    /** int64 (16) {@code .npy}: the labels of {@link #CHW_IMAGES}. */
    public static final String CHW_LABELS = "cache:digits:chw:0:y";
    /** float64 (32, 6) {@code .npy} in Fortran order: batch 0's first six features, unrounded. */
    public static final String FORTRAN_FEATURES = "cache:digits:features:fortran";
    /** List of 12 short product reviews, one string each. */
    public static final String REVIEWS_TEXT = "cache:text:reviews:text";
    /** List of the same reviews as JSON lists of token ids (ragged), indexing {@link #VOCAB}. */
    public static final String REVIEWS_TOKENS = "cache:text:reviews:tokens";
    /** JSON list of the vocabulary's strings, {@code <pad>} and {@code <unk>} first. */
    public static final String VOCAB = "cache:text:vocab";

    /** Tensor names of every checkpoint, as in a PyTorch {@code state_dict}. */
    public static final List<String> TENSORS = List.of("layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias");
    public static final int EPOCHS = DemoTraining.EPOCHS;
    public static final int CACHED_BATCHES = 3;
    public static final int BATCH_SIZE = 32;

    private DemoKeys() {
    }

    /** {@code v1}, {@code v2}, …: one version per epoch. */
    public static String version(int epoch) {
        return "v" + epoch;
    }

    /** Hash of {@code .npy} float32 tensors, one field per tensor. */
    public static String npyHash(int epoch) {
        return MODEL + ":" + version(epoch);
    }

    /** The same checkpoint rounded to float16, still {@code .npy} per field. */
    public static String float16Hash(int epoch) {
        return npyHash(epoch) + ":fp16";
    }

    /** One safetensors blob per checkpoint. */
    public static String safetensors(int epoch) {
        return npyHash(epoch) + ":safetensors";
    }

    /** One string key per tensor ({@code .npy} bytes). */
    public static String tensorKey(int epoch, String tensor) {
        return npyHash(epoch) + ":" + tensor;
    }

    /** Batch {@code b} scaled to [0, 1], float32 {@code .npy} of shape (32, 784). */
    public static String normalizedBatch(int b) {
        return "cache:digits:batch:" + b + ":normalized";
    }

    /** Batch {@code b} as uint8 {@code tobytes()} in field {@code data}, with {@code dtype} and {@code shape} fields. */
    public static String rawBatch(int b) {
        return "cache:digits:batch:" + b + ":raw";
    }

    /** Batch {@code b}'s labels, int64 {@code .npy}. */
    public static String batchLabels(int b) {
        return "cache:digits:batch:" + b + ":labels";
    }

    /** Every key, in the order the seeder writes them. */
    public static List<String> all() {
        List<String> keys = new ArrayList<>(List.of(README, CONFIG, VERSIONS, METRICS));
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            keys.add(npyHash(epoch));
            keys.add(float16Hash(epoch));
            keys.add(safetensors(epoch));
            for (String tensor : TENSORS) {
                keys.add(tensorKey(epoch, tensor));
            }
        }
        keys.add(MODEL_PARAMS_JSON);
        for (int b = 0; b < CACHED_BATCHES; b++) {
            keys.add(normalizedBatch(b));
            keys.add(rawBatch(b));
            keys.add(batchLabels(b));
        }
        keys.add(RECENT_BATCHES);
        keys.addAll(List.of(PREPROCESSED_DATA, LABEL_NAMES, RGB_IMAGES, RGB_TARGETS, CHW_IMAGES, CHW_LABELS,
                FORTRAN_FEATURES, REVIEWS_TEXT, REVIEWS_TOKENS, VOCAB));
        keys.addAll(List.of(TRAIN, VAL, TEST, DIGITS_LABELS, TUTORIAL_TRAIN, TUTORIAL_VAL, TUTORIAL_TEST,
                REVIEWS_TRAIN, REVIEWS_TEST, EVENTS, TRUNCATED_NPY, BAD_SAFETENSORS,
                PICKLED_STATE_DICT, PICKLED_NORMALIZER));
        return List.copyOf(keys);
    }
}
