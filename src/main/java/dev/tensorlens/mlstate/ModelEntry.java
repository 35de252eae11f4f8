package dev.tensorlens.mlstate;

import java.util.List;
import java.util.Optional;

/**
 * A model found in a key listing: its name, how it is laid out, a variant for copies of the same model in another
 * form ({@code fp16}, {@code safetensors}; empty for the main one), its versions oldest first, and the sorted set
 * that indexes the versions, if there is one.
 */
public record ModelEntry(String name, ModelLayout layout, String variant, List<ModelVersion> versions,
                         Optional<String> versionIndexKey) {

    public ModelEntry {
        versions = List.copyOf(versions);
    }

    /** The same model as {@code other} (name, layout and variant), whatever versions either lists now. */
    public boolean isSameModel(ModelEntry other) {
        return other != null && name.equals(other.name) && layout == other.layout && variant.equals(other.variant);
    }

    public Optional<ModelVersion> version(String version) {
        return versions.stream().filter(v -> v.version().equals(version)).findFirst();
    }

    public List<String> versionNames() {
        return versions.stream().map(ModelVersion::version).toList();
    }
}
