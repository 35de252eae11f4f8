package dev.tensorlens.mlstate;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset: its membership sets (train, validation, test …), each a Redis set of sample ids, or a sorted set of ids
 * scored for weighted sampling. Found by the naming rules ({@link LayoutRecognizer}) or grouped by hand by the user
 * ({@code manual}).
 *
 * @param name   the dataset's name ({@code digits} for {@code dataset:digits:train})
 * @param splits in split order: train, then validation, then test, then any other
 * @param manual true when the user grouped these sets by hand rather than the naming rules finding them
 */
public record DatasetSplits(String name, List<Split> splits, boolean manual) {

    /**
     * One split.
     *
     * @param name the split's name as the key writes it ({@code train}, {@code validation}, {@code holdout})
     * @param key  the set's key, as display text ({@code Keys.bytes} reads it back to the exact bytes)
     * @param type {@link RedisType#SET} or {@link RedisType#ZSET}
     * @param size members, or {@code -1} while not known
     */
    public record Split(String name, String key, RedisType type, long size) {
        public Split {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(type, "type");
        }

        public SplitRole role() {
            return SplitRole.of(name);
        }

        public Split withSize(long members) {
            return new Split(name, key, type, members);
        }
    }

    public DatasetSplits {
        Objects.requireNonNull(name, "name");
        splits = List.copyOf(splits);
    }

    public Optional<Split> split(String splitName) {
        return splits.stream().filter(s -> s.name().equals(splitName)).findFirst();
    }

    public Optional<Split> splitWithKey(String key) {
        return splits.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** Members of every split whose size is known (an id in two splits counts twice). */
    public long totalSize() {
        return splits.stream().mapToLong(Split::size).filter(n -> n > 0).sum();
    }

    /** The split's share of {@link #totalSize()}, 0 … 1; 0 when nothing is known. */
    public double ratio(Split split) {
        long total = totalSize();
        return total <= 0 || split.size() <= 0 ? 0 : (double) split.size() / total;
    }

    /** Split names → sizes as {@code train 70% · val 15% · test 15%}; sizes not known yet are left out. */
    public String ratios() {
        StringBuilder out = new StringBuilder();
        for (Split s : splits) {
            if (s.size() < 0) {
                continue;
            }
            if (out.length() > 0) {
                out.append(" · ");
            }
            out.append(s.name()).append(' ').append(String.format(Locale.ROOT, "%.0f%%", 100 * ratio(s)));
        }
        return out.toString();
    }

    /** The same dataset with a split's size replaced (by key). */
    public DatasetSplits withSize(String key, long members) {
        return new DatasetSplits(name, splits.stream().map(s -> s.key().equals(key) ? s.withSize(members) : s).toList(),
                manual);
    }

    /** Whether {@code other} is this dataset, perhaps with other sizes or splits: the same name, found the same way. */
    public boolean isSameDataset(DatasetSplits other) {
        return name.equals(other.name) && manual == other.manual;
    }

    /** Whether {@code other} has the same split keys in the same order (sizes aside). */
    public boolean hasSameKeys(DatasetSplits other) {
        return splits.stream().map(Split::key).toList().equals(other.splits.stream().map(Split::key).toList());
    }
}
