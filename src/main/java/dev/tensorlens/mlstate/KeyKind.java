package dev.tensorlens.mlstate;

import dev.tensorlens.tensor.codec.Format;
import dev.tensorlens.tensor.codec.Sniff;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.ValueContext;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one key holds, in ML terms, for a badge in a key listing: a model checkpoint, a dataset split, a cached
 * array, or a value format the sniffer knows (npy, safetensors, pickle, …). Judged from what is cheap to fetch
 * for a visible row: the key's name and type, the first bytes of a string and a few field names of a hash.
 *
 * @param label    the badge's short text ({@code checkpoint}, {@code npy}, {@code split}, …)
 * @param area     which part of the app shows this kind of state
 * @param detail   one sentence for a tooltip: why the key got this badge
 */
public record KeyKind(String label, Area area, String detail) {

    /** The parts of the app a key can belong to. */
    public enum Area { MODELS, DATA, DATASETS, NONE }

    /** At most this many leading bytes of a string are needed to tell its format. */
    public static final int HEAD_BYTES = 64;

    private static final LayoutRecognizer LAYOUTS = new LayoutRecognizer();

    /**
     * The kind of one key, or empty when it is a plain key.
     *
     * @param head        the first bytes of a string value ({@link #HEAD_BYTES} are enough), empty otherwise
     * @param sampleFields some field names of a hash (the first page of HSCAN), empty otherwise
     */
    public static Optional<KeyKind> of(String key, RedisType type, byte[] head, List<String> sampleFields) {
        KeyEntry entry = new KeyEntry(key, type, sampleFields, -1);
        MlStateIndex found = LAYOUTS.recognize(List.of(entry));
        Optional<KeyKind> format = type == RedisType.STRING ? formatOf(key, head) : Optional.empty();
        if (!found.datasets().isEmpty()) {
            String split = found.datasets().get(0).splits().get(0).name();
            String weighted = type == RedisType.ZSET ? ", its ids scored for weighted sampling" : "";
            return Optional.of(new KeyKind("split", Area.DATASETS, "The " + split.toLowerCase(Locale.ROOT)
                    + " split of dataset '" + found.datasets().get(0).name() + "'" + weighted));
        }
        if (!found.models().isEmpty()) {
            ModelEntry model = found.models().get(0);
            String label = format.map(KeyKind::label).map(f -> "checkpoint · " + f).orElse("checkpoint");
            return Optional.of(new KeyKind(label, Area.MODELS, "Part of model '" + model.name() + "' ("
                    + model.layout().toString().toLowerCase(Locale.ROOT).replace('_', ' ') + ")"));
        }
        if (!found.cachedArrays().isEmpty()) {
            String label = format.map(KeyKind::label).map(f -> "cached · " + f).orElse("cached array");
            return Optional.of(new KeyKind(label, Area.DATA, "A cached preprocessed array"));
        }
        if (type == RedisType.ZSET && LayoutRecognizer.isVersionIndex(key)) {
            return Optional.of(new KeyKind("versions", Area.MODELS, "A sorted set that lists a model's versions"));
        }
        if (type == RedisType.HASH && !sampleFields.isEmpty() && sampleFields.contains("dtype")
                && sampleFields.contains("shape")) {
            return Optional.of(new KeyKind("tensor", Area.DATA, "Raw bytes with dtype and shape fields"));
        }
        return format;
    }

    /** Only formats a magic number proves: a JSON-looking number or a guess is not worth a badge. */
    private static Optional<KeyKind> formatOf(String key, byte[] head) {
        if (head == null || head.length == 0) {
            return Optional.empty();
        }
        Sniff sniff = Sniffer.sniff(head, ValueContext.ofKey(key));
        if (sniff.confidence() == Sniff.Confidence.LOW && sniff.format() != Format.NPZ) {
            return Optional.empty();
        }
        return switch (sniff.format()) {
            case NPY, NPZ, SAFETENSORS -> Optional.of(new KeyKind(sniff.format().id(), Area.DATA, "Tensor data: " + sniff.reason()));
            case PICKLE, TORCH, TORCH_LEGACY, JAVA_SERIALIZATION -> Optional.of(new KeyKind(sniff.format().id(), Area.NONE,
                    "Serialized objects (" + sniff.reason() + "); described, never executed"));
            default -> Optional.empty();
        };
    }
}
