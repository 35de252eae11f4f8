package dev.tensorlens.settings;

import java.util.List;
import java.util.Objects;

/**
 * A dataset the user grouped by hand, as {@link DatasetGroupsStore} remembers it: its name and the sets (or sorted
 * sets) it is made of. Only names and keys are kept; types and sizes are read again from the server each time.
 *
 * @param name   the dataset's name as the user gave it
 * @param splits its splits, in the order the user left them
 */
public record DatasetGrouping(String name, List<SplitRef> splits) {

    /**
     * One split of a hand-made dataset.
     *
     * @param name the split's name ({@code train}, {@code holdout}, …)
     * @param key  the key as display text ({@code Keys.bytes} reads it back to the exact bytes)
     */
    public record SplitRef(String name, String key) {
        public SplitRef {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
        }
    }

    public DatasetGrouping {
        Objects.requireNonNull(name, "name");
        splits = splits == null ? List.of() : List.copyOf(splits);
    }
}
