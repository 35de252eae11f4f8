package dev.tensorlens.bench;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;

/**
 * A diagnostic for the benches ({@code -Dbench.cssTrace=N}): before each pulse's CSS pass, the subtrees the pass will
 * style (nodes whose CSS flag is not clean, each counted under its topmost such ancestor), printed with the pass's
 * time when it styles more than N nodes. Tells which control keeps asking for its whole subtree to be restyled.
 * Reads JavaFX's private {@code Node.cssFlag}: JavaFX is on the class path here, so reflection reaches it.
 */
final class CssTrace {

    private static final Field CSS_FLAG;

    static {
        try {
            CSS_FLAG = Node.class.getDeclaredField("cssFlag");
            CSS_FLAG.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private CssTrace() {
    }

    /** Traces {@code scene} when {@code bench.cssTrace} is set; FX thread. */
    static void attachIfAsked(Scene scene) {
        Integer threshold = Integer.getInteger("bench.cssTrace");
        if (threshold == null) {
            return;
        }
        long[] before = new long[1];
        List<String> roots = new ArrayList<>();
        int[] dirty = new int[1];
        scene.addPreLayoutPulseListener(() -> {
            roots.clear();
            dirty[0] = 0;
            collect(scene.getRoot(), false, roots, dirty);
            before[0] = System.nanoTime();
        });
        scene.addPostLayoutPulseListener(() -> {
            long ms = (System.nanoTime() - before[0]) / 1_000_000;
            if (dirty[0] > threshold) {
                System.out.println("CSS+layout " + ms + " ms, " + dirty[0] + " nodes to style: " + roots);
            }
        });
    }

    /** Counts the unclean nodes under {@code node}; returns that count, adding each topmost one's subtree to roots. */
    private static int collect(Node node, boolean parentDirty, List<String> roots, int[] dirty) {
        String flag = String.valueOf(flag(node));
        // a dirty branch is only the way down to nodes to style; those are flagged UPDATE or REAPPLY
        boolean mine = flag.equals("UPDATE") || flag.equals("REAPPLY");
        int count = mine ? 1 : 0;
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                count += collect(child, mine || parentDirty, roots, dirty);
            }
        }
        if (mine) {
            dirty[0]++;
            if (!parentDirty) {
                roots.add(describe(node) + " " + flag(node) + " ×" + count + (count > 150 ? " " + kinds(node) : ""));
            }
        }
        return count;
    }

    /** The kinds of node under {@code root}, most first: what makes a big subtree big. */
    private static String kinds(Node root) {
        Map<String, Integer> counts = new HashMap<>();
        ArrayDeque<Node> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            counts.merge(n.getClass().getSimpleName() + (n.isVisible() ? "" : "(hidden)"), 1, Integer::sum);
            if (n instanceof Parent p) {
                todo.addAll(p.getChildrenUnmodifiable());
            }
        }
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(10).map(e -> e.getKey() + " " + e.getValue()).toList().toString();
    }

    private static Object flag(Node node) {
        try {
            return CSS_FLAG.get(node);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(Node node) {
        StringBuilder path = new StringBuilder();
        for (Node n = node; n != null && path.length() < 160; n = n.getParent()) {
            String id = n.getId() != null ? "#" + n.getId()
                    : n.getStyleClass().isEmpty() ? "" : "." + n.getStyleClass().get(0);
            path.append(path.length() == 0 ? "" : " < ").append(n.getClass().getSimpleName()).append(id);
            if (n.getId() != null && n != node) {
                break;
            }
        }
        return path.toString();
    }
}
