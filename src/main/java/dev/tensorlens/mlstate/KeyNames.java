package dev.tensorlens.mlstate;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The naming habits the layout rules rely on, kept apart so each can be read (and extended) on its own. */
final class KeyNames {

    /** {@code v3}, {@code version-3}, {@code epoch_7}, {@code step12000}, {@code ckpt-4}, {@code checkpoint_2}. */
    static final Pattern VERSION = Pattern.compile("(?i)(?:v|version[-_]?|epoch[-_]?|step[-_]?|ckpt[-_]?|checkpoint[-_]?)(\\d+)");

    /** Last segment of a sorted set that lists a model's versions. */
    static final Set<String> VERSION_INDEX_NAMES = Set.of("versions", "checkpoints", "history");

    /** A trailing segment that names a whole-checkpoint format or precision rather than a tensor. */
    static final Set<String> FORMAT_WORDS = Set.of("safetensors", "st", "npz", "npy", "pt", "pth", "bin", "pickle",
            "pkl", "json", "raw", "fp16", "float16", "half", "bf16", "bfloat16", "fp32", "float32", "int8", "q8");

    /** Prefix segments that say "this is a model" and are not part of its name. */
    static final Set<String> MODEL_PREFIXES = Set.of("model", "models", "weights", "checkpoint", "checkpoints", "ckpt");

    static final Set<String> CACHE_WORDS = Set.of("cache", "cached", "batch", "batches", "features", "embeddings",
            "embedding", "arrays", "array", "preprocessed");

    /** What splits a key segment into words ({@code preprocessed_data}, {@code recent-batches}, {@code x.features}). */
    private static final Pattern WORD_SEPARATORS = Pattern.compile("[_\\-.]");

    /**
     * A dataset split at the end of a key: {@code dataset:mnist:train}, {@code mnist_test_ids}, {@code cifar-val}, and
     * the tutorials' {@code train_dataset} / {@code val_dataset}. Group 1 is the dataset prefix, group 2 the split,
     * group 3 the suffix word after it ({@code ids}, {@code dataset}, …), each absent when the key has none.
     */
    static final Pattern SPLIT = Pattern.compile(
            "(?i)^(?:(.*?)[:_\\-/])?(train|training|val|valid|validation|dev|test|testing|holdout)"
                    + "(?:[:_\\-](ids|idx|indices|set|members|keys|dataset|data|split|samples))?$");

    /** Suffix words that alone say "this set is a dataset split", even with no sibling: {@code test_dataset}. */
    static final Set<String> DATASET_SUFFIXES = Set.of("dataset", "split");

    /** A tensor name as frameworks write them: {@code layer0.weight}, {@code fc.bias}, {@code kernel}. */
    static final Pattern TENSOR_NAME = Pattern.compile(
            "(?i)(?:.*\\.)?(weight|bias|kernel|running_mean|running_var|embeddings?|weights|biases|gamma|beta)");

    /** Field-name suffixes for the dtype and shape siblings of a raw field ({@code data:dtype}, {@code w_shape}). */
    static final List<String> SIBLING_SEPARATORS = List.of(":", ".", "_", "-");

    private KeyNames() {
    }

    static String[] segments(String key) {
        return key.split(":", -1);
    }

    /**
     * Whether a segment of the key is a cache word, or holds one as a word of its own ({@code preprocessed_data},
     * {@code train_features}, {@code recent-batches}). A segment that reads as a tensor name is not split: VGG's
     * {@code features.0.weight} is a layer, not a cache.
     */
    static boolean hasCacheWord(String[] segments) {
        for (String s : segments) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (CACHE_WORDS.contains(lower)) {
                return true;
            }
            if (!TENSOR_NAME.matcher(s).matches()) {
                for (String word : WORD_SEPARATORS.split(lower)) {
                    if (CACHE_WORDS.contains(word)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static int versionNumber(String version) {
        Matcher m = VERSION.matcher(version);
        if (m.matches()) {
            try {
                return Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                return Integer.MAX_VALUE;
            }
        }
        return Integer.MAX_VALUE;
    }

    static boolean isVersion(String segment) {
        return VERSION.matcher(segment).matches();
    }

    static boolean isFormatWord(String segment) {
        return FORMAT_WORDS.contains(segment.toLowerCase(Locale.ROOT));
    }

    /** {@code model:digits-mlp} → {@code digits-mlp}; a prefix that is only "model" stays as it is. */
    static String modelName(String prefix) {
        String[] parts = segments(prefix);
        if (parts.length > 1 && MODEL_PREFIXES.contains(parts[0].toLowerCase(Locale.ROOT))) {
            return prefix.substring(parts[0].length() + 1);
        }
        return prefix;
    }

    /** {@code dataset:digits} → {@code digits}; {@code mnist} stays. */
    static String datasetName(String prefix) {
        String p = prefix.replaceAll("[:_\\-/]+$", "");
        for (String lead : List.of("datasets:", "dataset:", "data:", "ds:")) {
            if (p.toLowerCase(Locale.ROOT).startsWith(lead) && p.length() > lead.length()) {
                return p.substring(lead.length());
            }
        }
        return p;
    }
}
