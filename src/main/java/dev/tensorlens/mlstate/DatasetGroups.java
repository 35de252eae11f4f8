package dev.tensorlens.mlstate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Puts the datasets the user grouped by hand beside the ones the naming rules found. The user's word wins: a key a
 * hand-made dataset names is taken out of any recognised dataset, so no set is listed twice and a leak check never
 * compares a set with itself.
 */
public final class DatasetGroups {

    private static final Comparator<DatasetSplits> BY_NAME =
            Comparator.comparing(DatasetSplits::name, NaturalOrder.INSTANCE);

    private DatasetGroups() {
    }

    /**
     * The recognised and the hand-made datasets as one list, ordered by name (natural order; of two of the same name
     * the hand-made one first). Keys named by a hand-made dataset are removed from the recognised ones, and a
     * recognised dataset left with no split disappears.
     *
     * @param recognised what {@link LayoutRecognizer} found
     * @param manual     the user's datasets ({@link DatasetSplits#manual()} true)
     */
    public static List<DatasetSplits> merge(List<DatasetSplits> recognised, List<DatasetSplits> manual) {
        Set<String> claimed = new HashSet<>();
        manual.forEach(d -> d.splits().forEach(s -> claimed.add(s.key())));
        List<DatasetSplits> out = new ArrayList<>(manual);
        for (DatasetSplits d : recognised) {
            List<DatasetSplits.Split> left = d.splits().stream().filter(s -> !claimed.contains(s.key())).toList();
            if (left.size() == d.splits().size()) {
                out.add(d);
            } else if (!left.isEmpty()) {
                out.add(new DatasetSplits(d.name(), left, d.manual()));
            }
        }
        // stable: of equal names the hand-made one, added first, stays first
        out.sort(BY_NAME);
        return List.copyOf(out);
    }

    /**
     * A hand-made dataset, its splits in role order (train, validation, test, then the rest; the user's order within
     * a role).
     */
    public static DatasetSplits manual(String name, List<DatasetSplits.Split> splits) {
        List<DatasetSplits.Split> ordered = new ArrayList<>(splits);
        ordered.sort(Comparator.comparingInt(s -> s.role().rank()));
        return new DatasetSplits(name, ordered, true);
    }

    /**
     * The split name a set's key suggests, for a set picked by hand: the split word where the naming rules see one
     * ({@code mnist_test_ids} → {@code test}), else the last part after a {@code :}, {@code _} or {@code -}
     * ({@code faces:holdout} → {@code holdout}), else the whole key.
     */
    public static String splitName(String key) {
        Matcher split = KeyNames.SPLIT.matcher(key);
        if (split.matches()) {
            return split.group(2);
        }
        int cut = Math.max(key.lastIndexOf(':'), Math.max(key.lastIndexOf('_'), key.lastIndexOf('-')));
        String last = key.substring(cut + 1);
        return last.isEmpty() ? key : last;
    }
}
