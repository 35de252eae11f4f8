package dev.tensorlens.mlstate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
        return distinctNames(out);
    }

    /**
     * Two datasets of one name ({@code dataset:digits:*} and {@code digits_*} are both "digits") would be one in the
     * view's eyes: each of them is named by its keys' common prefix instead ({@code dataset:digits},
     * {@code digits}), and a clash left after that gets its position as well.
     */
    static List<DatasetSplits> distinctNames(List<DatasetSplits> datasets) {
        Map<String, Long> count = new HashMap<>();
        datasets.forEach(d -> count.merge(d.name(), 1L, Long::sum));
        if (count.values().stream().allMatch(n -> n == 1)) {
            return List.copyOf(datasets);
        }
        List<DatasetSplits> out = new ArrayList<>(datasets.size());
        Set<String> taken = new HashSet<>();
        for (DatasetSplits d : datasets) {
            String name = d.name();
            if (count.get(name) > 1) {
                String prefix = commonPrefix(d.splits().stream().map(DatasetSplits.Split::key).toList())
                        .replaceAll("[:_\\-/]+$", "");
                name = prefix.isEmpty() || prefix.equals(name) ? name + " (" + d.splits().get(0).key() + ")"
                        : prefix + (d.manual() ? " (grouped)" : "");
            }
            String unique = name;
            for (int i = 2; !taken.add(unique); i++) {
                unique = name + " #" + i;
            }
            out.add(unique.equals(d.name()) ? d : new DatasetSplits(unique, d.splits(), d.manual()));
        }
        return List.copyOf(out);
    }

    private static String commonPrefix(List<String> keys) {
        String prefix = keys.isEmpty() ? "" : keys.get(0);
        for (String k : keys) {
            int i = 0;
            while (i < prefix.length() && i < k.length() && prefix.charAt(i) == k.charAt(i)) {
                i++;
            }
            prefix = prefix.substring(0, i);
        }
        // whole segments only: train and test share a "t", which names nothing
        int cut = Math.max(Math.max(prefix.lastIndexOf(':'), prefix.lastIndexOf('_')),
                Math.max(prefix.lastIndexOf('-'), prefix.lastIndexOf('/')));
        return keys.size() == 1 ? prefix : prefix.substring(0, cut + 1);
    }

    /**
     * A hand-made dataset, its splits in role order (train, validation, test, then the rest; the user's order within
     * a role).
     */
    public static DatasetSplits manual(String name, List<DatasetSplits.Split> splits) {
        List<DatasetSplits.Split> ordered = new ArrayList<>(splits);
        ordered.sort(Comparator.comparingInt(s -> s.role().rank()));
        return new DatasetSplits(name, distinctSplitNames(ordered), true);
    }

    /**
     * Sets picked by hand can suggest one split name twice ({@code a:ids} and {@code b:ids} are both "ids"): splits
     * are told apart by name everywhere (the overlap of train and test, the Move menu), so a repeated name takes its
     * key instead.
     */
    static List<DatasetSplits.Split> distinctSplitNames(List<DatasetSplits.Split> splits) {
        Set<String> names = new HashSet<>();
        Set<String> repeated = new HashSet<>();
        splits.forEach(s -> {
            if (!names.add(s.name())) {
                repeated.add(s.name());
            }
        });
        if (repeated.isEmpty()) {
            return splits;
        }
        Set<String> taken = new HashSet<>();
        List<DatasetSplits.Split> out = new ArrayList<>(splits.size());
        for (DatasetSplits.Split s : splits) {
            String name = repeated.contains(s.name()) ? s.key() : s.name();
            for (int i = 2; !taken.add(name); i++) {
                name = s.key() + " #" + i;
            }
            out.add(name.equals(s.name()) ? s : new DatasetSplits.Split(name, s.key(), s.type(), s.size()));
        }
        return out;
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
