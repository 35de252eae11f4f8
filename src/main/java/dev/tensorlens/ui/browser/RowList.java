package dev.tensorlens.ui.browser;

import javafx.collections.ObservableListBase;

import java.util.AbstractList;

/** A read-only observable list over a row source; replacing the source fires one replace-all change. */
final class RowList extends ObservableListBase<KeyTreeModel.Row> {

    private RowSource source = new FlatRows(new KeyIndex().published());

    void setSource(RowSource next) {
        RowSource old = source;
        source = next;
        beginChange();
        if (old.size() > 0) {
            nextRemove(0, new AbstractList<KeyTreeModel.Row>() {
                @Override
                public KeyTreeModel.Row get(int i) {
                    return old.get(i);
                }

                @Override
                public int size() {
                    return old.size();
                }
            });
        }
        if (next.size() > 0) {
            nextAdd(0, next.size());
        }
        endChange();
    }

    RowSource source() {
        return source;
    }

    @Override
    public KeyTreeModel.Row get(int index) {
        return source.get(index);
    }

    @Override
    public int size() {
        return source.size();
    }

    /**
     * By the row's key, not by walking the list: the table looks up its selected row after every replacement,
     * and the walk made a Row and its display text for each of up to a million rows (66 ms each time).
     */
    @Override
    public int indexOf(Object o) {
        if (!(o instanceof KeyTreeModel.Row row)) {
            return -1;
        }
        int i = source.indexOf(row.bytes(), row.folder());
        return i >= 0 && source.get(i).equals(row) ? i : -1;
    }

    @Override
    public int lastIndexOf(Object o) {
        return indexOf(o); // rows are distinct
    }

    @Override
    public boolean contains(Object o) {
        return indexOf(o) >= 0;
    }
}
