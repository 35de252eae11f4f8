package dev.tensorlens.ui.browser.value;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tensorlens.ui.common.HumanReadable;
import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON as a folded tree: objects and arrays say how many members they have and make their children only when
 * opened, at most {@link #MAX_CHILDREN} of them, so a list of a million numbers opens at once.
 */
final class JsonTree extends TreeView<String> {

    static final int MAX_CHILDREN = 1000;

    JsonTree() {
        getStyleClass().add("json-tree");
        setShowRoot(true);
    }

    void show(JsonNode json) {
        if (json == null) {
            setRoot(null);
            return;
        }
        Node root = new Node(null, json);
        root.setExpanded(true);
        setRoot(root);
    }

    static String label(String name, JsonNode node) {
        String prefix = name == null ? "" : name + ": ";
        if (node.isObject()) {
            return prefix + "{…}  " + HumanReadable.count(node.size()) + (node.size() == 1 ? " key" : " keys");
        }
        if (node.isArray()) {
            return prefix + "[…]  " + HumanReadable.count(node.size()) + (node.size() == 1 ? " item" : " items");
        }
        return prefix + node.toString();
    }

    private static final class Node extends TreeItem<String> {
        private final JsonNode json;
        private boolean built;

        Node(String name, JsonNode json) {
            super(label(name, json));
            this.json = json;
        }

        @Override
        public boolean isLeaf() {
            return !json.isContainerNode() || json.isEmpty();
        }

        @Override
        public ObservableList<TreeItem<String>> getChildren() {
            if (!built) {
                built = true;
                super.getChildren().setAll(children());
            }
            return super.getChildren();
        }

        private List<TreeItem<String>> children() {
            List<TreeItem<String>> out = new ArrayList<>();
            if (json.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
                while (fields.hasNext() && out.size() < MAX_CHILDREN) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    out.add(new Node(f.getKey(), f.getValue()));
                }
            } else if (json.isArray()) {
                for (int i = 0; i < json.size() && out.size() < MAX_CHILDREN; i++) {
                    out.add(new Node("[" + i + "]", json.get(i)));
                }
            }
            if (json.size() > MAX_CHILDREN) {
                out.add(new TreeItem<>("… " + HumanReadable.count(json.size() - MAX_CHILDREN) + " more not shown"));
            }
            return out;
        }
    }
}
