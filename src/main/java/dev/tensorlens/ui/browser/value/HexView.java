package dev.tensorlens.ui.browser.value;

import javafx.collections.FXCollections;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

import java.util.AbstractList;

/**
 * Offset, 16 bytes in hex and their ASCII, one line per cell. The items are line numbers that cost nothing
 * until a cell shows them: a 200 MB value is 12 million lines and no strings.
 */
final class HexView extends ListView<Integer> {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private byte[] bytes = new byte[0];

    HexView() {
        getStyleClass().add("hex-view");
        setFixedCellSize(22);
        setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Integer line, boolean empty) {
                super.updateItem(line, empty);
                setText(empty || line == null ? null : line(bytes, line));
            }
        });
    }

    void show(byte[] value) {
        bytes = value;
        int lines = (int) Math.min(Integer.MAX_VALUE, (value.length + 15L) / 16);
        setItems(FXCollections.observableList(new AbstractList<>() {
            @Override
            public Integer get(int index) {
                return index;
            }

            @Override
            public int size() {
                return lines;
            }
        }));
    }

    /** {@code 00000010  93 4e 55 …  |.NUMPY..|}. */
    static String line(byte[] bytes, int line) {
        int from = line * 16;
        int to = Math.min(bytes.length, from + 16);
        StringBuilder b = new StringBuilder(80);
        String offset = Integer.toHexString(from);
        b.append("0".repeat(Math.max(0, 8 - offset.length()))).append(offset).append("  ");
        for (int i = from; i < from + 16; i++) {
            if (i < to) {
                b.append(HEX[(bytes[i] >> 4) & 0xF]).append(HEX[bytes[i] & 0xF]).append(' ');
            } else {
                b.append("   ");
            }
            if (i == from + 7) {
                b.append(' ');
            }
        }
        b.append(" |");
        for (int i = from; i < to; i++) {
            int c = bytes[i] & 0xFF;
            b.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
        }
        return b.append('|').toString();
    }
}
