package dev.tensorlens.ui.browser.value;

import dev.tensorlens.tensor.ChunkedBytes;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.util.AbstractList;

/**
 * Offset, 16 bytes in hex and their ASCII, one line per cell; 8 bytes a line when 16 would not fit the width
 * (the browser's value side is about 500 px, and a 16-byte line in a normal-sized monospace font is wider), so the
 * dump never scrolls sideways. The items are line numbers that cost nothing until a cell shows them: a 200 MB
 * value is 12 million lines and no strings.
 */
final class HexView extends ListView<Integer> {

    static final int WIDE = 16;
    static final int NARROW = 8;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** The cell's left and right padding, the vertical scroll bar and the list's border. */
    private static final double CHROME = 24 + 16 + 4;
    private ChunkedBytes bytes = ChunkedBytes.of(new byte[0]);
    private int bytesPerLine = WIDE;
    private Font cellFont;

    HexView() {
        getStyleClass().add("hex-view");
        setFixedCellSize(22);
        setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Integer line, boolean empty) {
                super.updateItem(line, empty);
                setText(empty || line == null ? null : line(bytes, line, bytesPerLine));
                if (cellFont == null || !cellFont.equals(getFont())) {
                    // the font comes from CSS: once a cell has it, the width for 16 bytes is known
                    cellFont = getFont();
                    Platform.runLater(HexView.this::fitToWidth); // not while the list lays its cells out

                }
            }
        });
        widthProperty().addListener((obs, old, w) -> fitToWidth());
    }

    void show(ChunkedBytes value) {
        bytes = value;
        int perLine = bytesPerLine;
        int lines = (int) Math.min(Integer.MAX_VALUE, (value.length() + perLine - 1L) / perLine);
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

    int bytesPerLine() {
        return bytesPerLine;
    }

    /** 16 bytes a line when a whole 16-byte line fits, else 8. */
    private void fitToWidth() {
        if (getWidth() <= 0) {
            return;
        }
        Font font = cellFont != null ? cellFont : Font.font("monospace", Font.getDefault().getSize());
        Text probe = new Text(line(ChunkedBytes.of(new byte[WIDE]), 0, WIDE));
        probe.setFont(font);
        int perLine = probe.getLayoutBounds().getWidth() + CHROME <= getWidth() ? WIDE : NARROW;
        if (perLine != bytesPerLine) {
            bytesPerLine = perLine;
            show(bytes);
        }
    }

    /** A 16-byte line: {@code 00000010  93 4e 55 …  |.NUMPY..|}. */
    static String line(byte[] bytes, int line) {
        return line(ChunkedBytes.of(bytes), line, WIDE);
    }

    /** Line {@code line} of {@code perLine} bytes: offset, the bytes in hex (a gap after each 8), their ASCII. */
    static String line(ChunkedBytes bytes, int line, int perLine) {
        long from = (long) line * perLine;
        long to = Math.min(bytes.length(), from + perLine);
        StringBuilder b = new StringBuilder(12 + perLine * 4 + perLine / 8);
        String offset = Long.toHexString(from);
        b.append("0".repeat(Math.max(0, 8 - offset.length()))).append(offset).append("  ");
        for (long i = from; i < from + perLine; i++) {
            if (i < to) {
                byte v = bytes.get(i);
                b.append(HEX[(v >> 4) & 0xF]).append(HEX[v & 0xF]).append(' ');
            } else {
                b.append("   ");
            }
            if ((i - from) % 8 == 7) {
                b.append(' ');
            }
        }
        b.append('|');
        for (long i = from; i < to; i++) {
            int c = bytes.get(i) & 0xFF;
            b.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
        }
        return b.append('|').toString();
    }
}
