package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.Keys;

/** Every key of a snapshot, one row each, in key order. */
record FlatRows(KeySnapshot s) implements RowSource {
    @Override
    public int size() {
        return s.size();
    }

    @Override
    public KeyTreeModel.Row get(int i) {
        byte[] key = s.key(i);
        return new KeyTreeModel.Row(0, false, Keys.display(key), 1, false, key);
    }

    @Override
    public int indexOf(byte[] bytes, boolean folder) {
        return folder ? -1 : Math.max(-1, s.rank(bytes));
    }
}
