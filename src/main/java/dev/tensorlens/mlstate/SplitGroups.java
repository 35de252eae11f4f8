package dev.tensorlens.mlstate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Gathers the split-named sets and sorted sets of a listing into datasets: {@code dataset:digits:train} and
 * {@code dataset:digits:test} are dataset {@code digits}; {@code train_dataset} and {@code test_dataset}, which have no
 * prefix, are dataset {@code dataset} (named after their suffix word); a bare {@code train} and {@code test} are
 * dataset {@code default}.
 */
final class SplitGroups {

    static final String DEFAULT_NAME = "default";

    /**
     * Which keys belong together. Unprefixed keys are grouped by their suffix word apart from every prefixed group: a
     * {@code dataset:train} set (prefix {@code dataset}) and a {@code train_dataset} set (no prefix, suffix
     * {@code dataset}) would otherwise share the name "dataset" and be shown as one dataset though nothing says so.
     */
    private record Group(boolean prefixed, String text) {
    }

    private final Map<Group, Map<String, KeyEntry>> groups = new LinkedHashMap<>();

    /** Whether a key's name reads as a split; its type decides whether it is kept (see {@link #add}). */
    static boolean namesSplit(String key) {
        return KeyNames.SPLIT.matcher(key).matches();
    }

    /** Keeps the entry when its name reads as a split; false when it does not. Sets and sorted sets only. */
    boolean add(KeyEntry entry) {
        if (entry.type() != RedisType.SET && entry.type() != RedisType.ZSET) {
            return false;
        }
        Matcher split = KeyNames.SPLIT.matcher(entry.key());
        if (!split.matches()) {
            return false;
        }
        String prefix = split.group(1);
        String suffix = split.group(3);
        Group group = prefix != null ? new Group(true, prefix)
                : new Group(false, suffix == null ? DEFAULT_NAME : suffix.toLowerCase(Locale.ROOT));
        groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(split.group(2), entry);
        return true;
    }

    /** The datasets found, by name in natural order. */
    List<DatasetSplits> datasets() {
        List<DatasetSplits> datasets = new ArrayList<>();
        for (Map.Entry<Group, Map<String, KeyEntry>> e : groups.entrySet()) {
            Group group = e.getKey();
            Map<String, KeyEntry> splits = e.getValue();
            // One set called "test" is not yet a dataset; two splits, a dataset: prefix or a _dataset suffix are.
            if (splits.size() >= 2 || saysDataset(group, splits)) {
                List<DatasetSplits.Split> ordered = splits.entrySet().stream()
                        .sorted(Comparator.comparingInt(s -> SplitRole.of(s.getKey()).rank()))
                        .map(s -> new DatasetSplits.Split(s.getKey(), s.getValue().key(), s.getValue().type(),
                                s.getValue().size()))
                        .toList();
                String name = group.prefixed() ? KeyNames.datasetName(group.text()) : group.text();
                datasets.add(new DatasetSplits(name, ordered, false));
            }
        }
        datasets.sort(Comparator.comparing(DatasetSplits::name, NaturalOrder.INSTANCE));
        return datasets;
    }

    /** A {@code dataset:} prefix, or a {@code _dataset}/{@code _split} suffix on any of the group's keys. */
    private static boolean saysDataset(Group group, Map<String, KeyEntry> splits) {
        if (group.prefixed() && group.text().toLowerCase(Locale.ROOT).matches("^(dataset|datasets|data|ds)\\b.*")) {
            return true;
        }
        for (KeyEntry entry : splits.values()) {
            Matcher m = KeyNames.SPLIT.matcher(entry.key());
            if (m.matches() && m.group(3) != null
                    && KeyNames.DATASET_SUFFIXES.contains(m.group(3).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
