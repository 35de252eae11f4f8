package dev.tensorlens.mlstate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint's tensors as the model's modules, the way {@code torchinfo} summarises a model: names split on
 * {@code .} ({@code encoder.layer.0.attention.query.weight} → encoder › layer › 0 › attention › query › weight), each
 * module with the parameters and bytes of everything under it. Children keep the order the tensors came in.
 */
public final class ModuleTree {

    /**
     * One module or tensor. {@code layer} is the tensor at this path (a leaf, usually), or null for a module that only
     * groups others; a name may be both ({@code fc} as a tensor and {@code fc.bias} under it) and then has both.
     */
    public static final class Node {
        private final String name;
        private final String path;
        private final Map<String, Node> children = new LinkedHashMap<>();
        private LayerInfo layer;
        private long parameters;
        private long bytes;
        private int tensors;

        private Node(String name, String path) {
            this.name = name;
            this.path = path;
        }

        public String name() {
            return name;
        }

        /** The dotted path from the root ({@code encoder.layer.0}); empty for the root. */
        public String path() {
            return path;
        }

        public LayerInfo layer() {
            return layer;
        }

        public long parameters() {
            return parameters;
        }

        public long bytes() {
            return bytes;
        }

        /** Tensors at or under this node. */
        public int tensors() {
            return tensors;
        }

        public List<Node> children() {
            return Collections.unmodifiableList(new ArrayList<>(children.values()));
        }

        public boolean isLeaf() {
            return children.isEmpty();
        }

        private Node child(String childName) {
            return children.computeIfAbsent(childName, n -> new Node(n, path.isEmpty() ? n : path + "." + n));
        }
    }

    private ModuleTree() {
    }

    /** The tree of {@code layers}, under a root named after nothing. Chains of single children are kept. */
    public static Node of(List<LayerInfo> layers) {
        Node root = new Node("", "");
        for (LayerInfo layer : layers) {
            Node at = root;
            add(at, layer);
            for (String part : layer.name().split("\\.", -1)) {
                at = at.child(part.isEmpty() ? "(empty)" : part);
                add(at, layer);
            }
            at.layer = layer;
        }
        return root;
    }

    private static void add(Node node, LayerInfo layer) {
        node.parameters += layer.parameters();
        node.bytes += layer.bytes();
        node.tensors++;
    }
}
