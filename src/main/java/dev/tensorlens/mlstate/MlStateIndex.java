package dev.tensorlens.mlstate;

import java.util.List;
import java.util.Optional;

/** Everything the layout rules recognised in one key listing. */
public record MlStateIndex(List<ModelEntry> models, List<DatasetSplits> datasets, List<CachedArray> cachedArrays) {

    public MlStateIndex {
        models = List.copyOf(models);
        datasets = List.copyOf(datasets);
        cachedArrays = List.copyOf(cachedArrays);
    }

    public Optional<ModelEntry> model(String name, ModelLayout layout, String variant) {
        return models.stream()
                .filter(m -> m.name().equals(name) && m.layout() == layout && m.variant().equals(variant))
                .findFirst();
    }

    public Optional<DatasetSplits> dataset(String name) {
        return datasets.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
