package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.ModuleTree;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.ui.common.HumanReadable;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The checkpoint as the model's modules ({@code torchinfo}-style): names split on dots into a collapsible tree, each
 * module with its tensors, parameters, bytes and share of the whole. The top two levels start open.
 */
final class ModuleTable extends TreeTableView<ModuleTree.Node> {

    ModuleTable(CheckpointModel model) {
        setId("module-table");
        setShowRoot(false);
        setPlaceholder(new Label("No layers"));
        setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TreeTableColumn<ModuleTree.Node, String> name = column("Module", 260, ModuleTree.Node::name);
        TreeTableColumn<ModuleTree.Node, String> shape = column("Shape", 110,
                n -> n.layer() == null ? "" : Tensor.shapeText(n.layer().shape()));
        TreeTableColumn<ModuleTree.Node, String> tensors = column("Tensors", 70, n -> HumanReadable.count(n.tensors()));
        TreeTableColumn<ModuleTree.Node, String> params = column("Parameters", 100,
                n -> HumanReadable.count(n.parameters()));
        TreeTableColumn<ModuleTree.Node, String> bytes = column("Bytes", 90, n -> HumanReadable.bytes(n.bytes()));
        TreeTableColumn<ModuleTree.Node, String> share = column("Share", 70, n -> {
            long total = model.modulesProperty().get() == null ? 0 : model.modulesProperty().get().parameters();
            return total == 0 ? "" : String.format(Locale.ROOT, "%.1f %%", 100.0 * n.parameters() / total);
        });
        for (TreeTableColumn<ModuleTree.Node, String> c : List.of(tensors, params, bytes, share)) {
            c.setStyle("-fx-alignment: center-right;");
        }
        getColumns().addAll(List.of(name, shape, tensors, params, bytes, share));
        model.modulesProperty().addListener((obs, old, root) -> show(root));
        show(model.modulesProperty().get());
    }

    private void show(ModuleTree.Node root) {
        setRoot(root == null ? null : item(root, 0));
    }

    private static TreeItem<ModuleTree.Node> item(ModuleTree.Node node, int depth) {
        TreeItem<ModuleTree.Node> item = new TreeItem<>(node);
        for (ModuleTree.Node child : node.children()) {
            item.getChildren().add(item(child, depth + 1));
        }
        item.setExpanded(depth < 2);
        return item;
    }

    private static TreeTableColumn<ModuleTree.Node, String> column(String title, double width,
                                                                  Function<ModuleTree.Node, String> f) {
        TreeTableColumn<ModuleTree.Node, String> c = new TreeTableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(p -> new SimpleStringProperty(p.getValue() == null ? "" : f.apply(p.getValue().getValue())));
        return c;
    }

}
