package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.ModuleTree;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.WhenShown;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The checkpoint as the model's modules ({@code torchinfo}-style): names split on dots into a collapsible tree, each
 * module with its tensors, parameters, bytes and share of the whole. The top two levels start open. The tree's items
 * are made when the table is shown: it sits behind the flat layer table until the user asks for modules, and making
 * the items of a 500-tensor checkpoint (each added child an event up its parents) took FX time in the frame that
 * opened every checkpoint.
 */
final class ModuleTable extends TreeTableView<ModuleTree.Node> {

    private final CheckpointModel model;
    private final WhenShown rebuild = new WhenShown(this, this::show);

    ModuleTable(CheckpointModel model) {
        this.model = model;
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
        model.modulesProperty().addListener((obs, old, root) -> rebuild.request());
        rebuild.request();
    }

    private void show() {
        ModuleTree.Node root = model.modulesProperty().get();
        setRoot(root == null ? null : item(root, 0));
    }

    private static TreeItem<ModuleTree.Node> item(ModuleTree.Node node, int depth) {
        TreeItem<ModuleTree.Node> item = new TreeItem<>(node);
        List<TreeItem<ModuleTree.Node>> children = new ArrayList<>(node.children().size());
        for (ModuleTree.Node child : node.children()) {
            children.add(item(child, depth + 1));
        }
        item.getChildren().setAll(children); // one change event, not one per child
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
