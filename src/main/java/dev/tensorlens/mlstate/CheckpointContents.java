package dev.tensorlens.mlstate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one checkpoint (a version of a model) holds, from the tensors' headers: its layers in the order the model
 * stores them, and the bytes its values take.
 *
 * @param bytes the length of every value the version reads (a blob counted once)
 */
public record CheckpointContents(ModelEntry model, ModelVersion version, List<LayerInfo> layers, long bytes) {

    public CheckpointContents {
        layers = List.copyOf(layers);
    }

    public long parameters() {
        return layers.stream().mapToLong(LayerInfo::parameters).sum();
    }

    /**
     * The values' format: the one every layer shares ({@code npy}, {@code safetensors}, …), {@code mixed} when they
     * differ, or {@code empty} for a version without tensors.
     */
    public String format() {
        List<String> formats = layers.stream().map(LayerInfo::format).distinct().toList();
        return formats.isEmpty() ? "empty" : formats.size() == 1 ? formats.get(0) : "mixed";
    }

    /** Layers by name, for matching two versions. */
    public Map<String, LayerInfo> byName() {
        return layers.stream().collect(Collectors.toMap(LayerInfo::name, Function.identity(), (a, b) -> a,
                LinkedHashMap::new));
    }
}
