package dev.tensorlens.ui.browser;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The visible tree as blocks of consecutive children of one folder: expanding a folder splits its parent's
 * block and inserts the folder's own. Row i is found by binary search over the block starts.
 */
final class TreeRows implements RowSource {

    private record Block(KeyChildren children, int depth, int from, int to) {
    }

    private final List<Block> blocks = new ArrayList<>();
    private int[] starts = new int[0];
    private int size;
    private final Set<ByteBuffer> open;
    private final KeySnapshot snapshot;
    private final byte snapshotDelimiter;

    private TreeRows(KeySnapshot snapshot, Set<ByteBuffer> open) {
        this.open = open;
        this.snapshot = snapshot;
        this.snapshotDelimiter = snapshot.delimiter();
    }

    static TreeRows build(KeySnapshot s, Set<ByteBuffer> open) {
        TreeRows rows = new TreeRows(s, open);
        rows.emit(s, s.children(new byte[0]), 0);
        rows.starts = new int[rows.blocks.size()];
        int at = 0;
        for (int b = 0; b < rows.blocks.size(); b++) {
            rows.starts[b] = at;
            Block block = rows.blocks.get(b);
            at += block.to - block.from;
        }
        rows.size = at;
        return rows;
    }

    private void emit(KeySnapshot s, KeyChildren children, int depth) {
        byte[] prefix = children.prefix();
        byte delim = s.delimiter();
        // the open folders directly inside this one: by looking them up, not by walking every sub-folder
        int[] openHere = new int[4];
        int n = 0;
        for (ByteBuffer e : open) {
            if (isChild(e, prefix, delim)) {
                byte[] sub = new byte[e.remaining()];
                e.duplicate().get(sub);
                int f = children.folderIndex(sub);
                if (f >= 0) {
                    if (n == openHere.length) {
                        openHere = Arrays.copyOf(openHere, n * 2);
                    }
                    openHere[n++] = f;
                }
            }
        }
        Arrays.sort(openHere, 0, n);
        int start = 0;
        for (int k = 0; k < n; k++) {
            int f = openHere[k];
            blocks.add(new Block(children, depth, start, f + 1));
            emit(s, s.children(children.prefix(f)), depth + 1);
            start = f + 1;
        }
        if (start < children.size()) {
            blocks.add(new Block(children, depth, start, children.size()));
        }
    }

    private static boolean isChild(ByteBuffer e, byte[] prefix, byte delim) {
        int len = e.remaining();
        if (len <= prefix.length || e.get(e.position() + len - 1) != delim) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (e.get(e.position() + k) != prefix[k]) {
                return false;
            }
        }
        for (int k = prefix.length; k < len - 1; k++) {
            if (e.get(e.position() + k) == delim) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int indexOf(byte[] bytes, boolean folder) {
        byte[] parent = KeyTreeModel.parentOf(bytes, folder, snapshotDelimiter);
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            KeyChildren ch = block.children;
            if (!Arrays.equals(ch.prefix(), parent)) {
                continue;
            }
            int c = folder ? ch.folderIndex(bytes) : leafIndex(ch, bytes);
            if (c >= block.from && c < block.to) {
                return starts[b] + c - block.from;
            }
        }
        return -1;
    }

    /** The child index of a key among a folder's keys, which follow the sub-folders in flat order. */
    private int leafIndex(KeyChildren ch, byte[] key) {
        int rank = snapshot.rank(key);
        if (rank < 0) {
            return -1;
        }
        int lo = ch.folderCount();
        int hi = ch.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int r = ch.rank(mid);
            if (r < rank) {
                lo = mid + 1;
            } else if (r > rank) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    @Override
    public KeyTreeModel.Row get(int i) {
        Objects.checkIndex(i, size);
        int b = Arrays.binarySearch(starts, i);
        if (b < 0) {
            b = -b - 2;
        }
        while (b + 1 < starts.length && starts[b + 1] == i) {
            b++; // skip empty blocks
        }
        Block block = blocks.get(b);
        int c = block.from + (i - starts[b]);
        KeyChildren ch = block.children;
        if (ch.isFolder(c)) {
            byte[] sub = ch.prefix(c);
            return new KeyTreeModel.Row(block.depth, true, ch.displayName(c), ch.count(c), open.contains(ByteBuffer.wrap(sub)),
                    sub);
        }
        return new KeyTreeModel.Row(block.depth, false, ch.displayName(c), 1, false, ch.key(c));
    }
}
