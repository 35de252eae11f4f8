package dev.tensorlens.mlstate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a dataset's labels could be, by name alone: beside its splits, under the prefix the split keys share, as
 * people name them ({@code dataset:digits:labels} beside {@code dataset:digits:train}, {@code mnist_labels} beside
 * {@code mnist_train}). Whether such a key exists, and holds labels, is for the service layer to ask.
 */
public final class DatasetLabels {

    /** The names labels go by, most common first. */
    public static final List<String> WORDS = List.of("labels", "label", "y", "targets", "classes");
    /** The separators key names use between their parts. */
    private static final String SEPARATORS = ":_-";

    private DatasetLabels() {
    }

    /**
     * Candidate label keys (display text, like the split keys), most likely first: the split keys' common prefix cut
     * back to its last separator, then each of {@link #WORDS} joined with {@code :}, {@code _} or {@code -} (the
     * separator the prefix ends at first). Split keys that share no prefix ending at a separator give the bare words.
     * A split key itself is never a candidate.
     */
    public static List<String> candidates(DatasetSplits dataset) {
        List<String> keys = dataset.splits().stream().map(DatasetSplits.Split::key).toList();
        if (keys.isEmpty()) {
            return List.of();
        }
        String common = keys.get(0);
        for (String key : keys) {
            int n = 0;
            while (n < common.length() && n < key.length() && common.charAt(n) == key.charAt(n)) {
                n++;
            }
            common = common.substring(0, n);
        }
        // "mnist_train" and "mnist_test" share "mnist_t": a prefix only counts up to a separator
        int cut = lastSeparator(common);
        Set<String> out = new LinkedHashSet<>();
        if (cut < 0) {
            out.addAll(WORDS);
        } else {
            String base = common.substring(0, cut);
            char own = common.charAt(cut);
            List<Character> separators = new ArrayList<>();
            separators.add(own);
            for (char c : SEPARATORS.toCharArray()) {
                if (c != own) {
                    separators.add(c);
                }
            }
            for (String word : WORDS) {
                for (char sep : separators) {
                    out.add(base + sep + word);
                }
            }
        }
        keys.forEach(out::remove);
        return List.copyOf(out);
    }

    private static int lastSeparator(String text) {
        for (int i = text.length() - 1; i > 0; i--) {
            if (SEPARATORS.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
