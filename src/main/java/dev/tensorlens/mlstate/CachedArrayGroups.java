package dev.tensorlens.mlstate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Cached arrays as people lay them out: grouped under the prefix they share ({@code cache:digits:batch:0} holds
 * {@code normalized}, {@code raw} and {@code labels}), and, inside a group, the labels that go with a batch and the
 * class names that go with the labels. Only names are looked at: whether a labels array fits its batch (its dtype,
 * its length) is for the caller to check once the headers are read.
 */
public final class CachedArrayGroups {

    /** The arrays under one prefix, in natural order of their labels. */
    public record Group(String prefix, List<CachedArray> arrays) {
        public Group {
            arrays = List.copyOf(arrays);
        }
    }

    /** Last words of a labels array's name ({@code labels}, {@code train_y}, {@code batch-0-targets}). */
    private static final Set<String> LABEL_WORDS = Set.of("labels", "label", "y", "targets", "target");
    /** Names of an array of class names, once lower-cased with {@code -}, {@code .} and spaces made {@code _}. */
    private static final Set<String> CLASS_NAME_LABELS = Set.of("classes", "class_names", "classnames", "label_names",
            "labelnames");
    private static final Pattern WORDS = Pattern.compile("[_\\-.: ]+");

    private CachedArrayGroups() {
    }

    /** Groups in natural order of their prefixes, arrays in natural order of their labels. */
    public static List<Group> of(List<CachedArray> arrays) {
        Map<String, List<CachedArray>> byPrefix = new TreeMap<>(NaturalOrder.INSTANCE);
        for (CachedArray a : arrays) {
            byPrefix.computeIfAbsent(a.group(), p -> new ArrayList<>()).add(a);
        }
        List<Group> groups = new ArrayList<>(byPrefix.size());
        byPrefix.forEach((prefix, members) -> {
            members.sort(Comparator.comparing(CachedArray::label, NaturalOrder.INSTANCE));
            groups.add(new Group(prefix, members));
        });
        return groups;
    }

    /**
     * The labels of {@code batch}: another array of its group whose label's last word is {@code labels},
     * {@code label}, {@code y}, {@code targets} or {@code target}, or the {@code y_train} of an {@code X_train}.
     * The one named like the batch wins ({@code train_labels} for {@code train_features}, {@code labels} for
     * {@code normalized}); else one named just {@code labels} (or {@code y}…); else the group's only labels array;
     * else none, rather than a guess. Empty for an array that is itself labels.
     */
    public static Optional<CachedArray> labelsBeside(CachedArray batch, List<CachedArray> all) {
        List<String> words = words(batch.label());
        if (isLabels(words)) {
            return Optional.empty();
        }
        List<CachedArray> siblings = all.stream()
                .filter(a -> !a.equals(batch) && a.group().equals(batch.group())).toList();
        // X_train → y_train, train_x → train_y: the same name with x made y
        List<String> paired = xToY(words);
        if (paired != null) {
            Optional<CachedArray> pair = siblings.stream().filter(a -> words(a.label()).equals(paired)).findFirst();
            if (pair.isPresent()) {
                return pair;
            }
        }
        List<CachedArray> labels = siblings.stream().filter(a -> isLabels(words(a.label())))
                .sorted(Comparator.comparing(CachedArray::label, NaturalOrder.INSTANCE)).toList();
        List<String> stem = words.isEmpty() ? words : words.subList(0, words.size() - 1);
        Optional<CachedArray> sameStem = labels.stream().filter(a -> {
            List<String> w = words(a.label());
            return w.subList(0, w.size() - 1).equals(stem);
        }).findFirst();
        if (sameStem.isPresent()) {
            return sameStem;
        }
        Optional<CachedArray> plain = labels.stream().filter(a -> words(a.label()).size() == 1).findFirst();
        return plain.isPresent() || labels.size() != 1 ? plain : Optional.of(labels.get(0));
    }

    /**
     * The class names that go with {@code batch}'s labels: an array named {@code classes}, {@code class_names} or
     * {@code label_names} ({@code label-names}) in its group, else in the nearest group above it
     * ({@code cache:digits:classes} for {@code cache:digits:batch:0:labels}).
     */
    public static Optional<CachedArray> classNamesBeside(CachedArray batch, List<CachedArray> all) {
        return nearest(batch, all, CachedArrayGroups::isClassNames);
    }

    /**
     * The vocabulary token ids index into ({@code vocab}, {@code vocabulary}, {@code itos}), in the same group as
     * {@code tokens} or the nearest group above it: {@code cache:text:reviews:tokens} finds {@code cache:text:vocab}.
     */
    public static Optional<CachedArray> vocabularyBeside(CachedArray tokens, List<CachedArray> all) {
        return nearest(tokens, all, label -> VOCABULARY_LABELS.contains(String.join("_", words(label))));
    }

    private static final Set<String> VOCABULARY_LABELS = Set.of("vocab", "vocabulary", "itos",
            "id_to_token", "id2token");

    /** The first array (by label) named as {@code named} asks, in the group of {@code of} or the nearest above. */
    private static Optional<CachedArray> nearest(CachedArray of, List<CachedArray> all,
                                                 Predicate<String> named) {
        String prefix = of.group();
        while (true) {
            String p = prefix;
            Optional<CachedArray> found = all.stream()
                    .filter(a -> !a.equals(of) && a.group().equals(p) && named.test(a.label()))
                    .min(Comparator.comparing(CachedArray::label, NaturalOrder.INSTANCE));
            if (found.isPresent() || prefix.isEmpty()) {
                return found;
            }
            int colon = prefix.lastIndexOf(':');
            prefix = colon < 0 ? "" : prefix.substring(0, colon);
        }
    }

    private static boolean isClassNames(String label) {
        return CLASS_NAME_LABELS.contains(String.join("_", words(label)));
    }

    private static boolean isLabels(List<String> words) {
        return !words.isEmpty() && (LABEL_WORDS.contains(words.get(words.size() - 1))
                || words.size() > 1 && words.get(0).equals("y"));
    }

    /** {@code [x, train]} → {@code [y, train]}, {@code [train, x]} → {@code [train, y]}; null when no x to pair. */
    private static List<String> xToY(List<String> words) {
        if (words.size() < 2) {
            return null;
        }
        List<String> paired = new ArrayList<>(words);
        if (words.get(0).equals("x")) {
            paired.set(0, "y");
        } else if (words.get(words.size() - 1).equals("x")) {
            paired.set(words.size() - 1, "y");
        } else {
            return null;
        }
        return paired;
    }

    /** A label's words, lower case: {@code X_train} → {@code [x, train]}. */
    private static List<String> words(String label) {
        return Arrays.stream(WORDS.split(label.toLowerCase(Locale.ROOT))).filter(w -> !w.isEmpty()).toList();
    }
}
