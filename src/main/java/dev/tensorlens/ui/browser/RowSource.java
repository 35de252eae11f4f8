package dev.tensorlens.ui.browser;

/** The rows a table shows, made on demand from a snapshot: the flat list of keys, or the expanded tree. */
interface RowSource {
    int size();

    KeyTreeModel.Row get(int i);

    int indexOf(byte[] bytes, boolean folder);
}
