package dev.tensorlens.mlstate;

import java.util.List;

/** One checkpoint of a model: its version name ({@code v3}, {@code epoch_7}, {@code current}) and its tensors. */
public record ModelVersion(String version, List<TensorRef> tensors) {

    public ModelVersion {
        tensors = List.copyOf(tensors);
    }

    /** The distinct keys this version reads. */
    public List<String> keys() {
        return tensors.stream().map(TensorRef::key).distinct().toList();
    }
}
