package dev.tensorlens.mlstate;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Sample ids the user typed, pasted or picked from a file, to add to a split or take out of one.
 *
 * @param ids        distinct ids, in the order first seen
 * @param duplicates ids left out because they came again
 * @param blanks     empty pieces left out: {@code ""}, a field between two commas, a blank line
 */
public record IdList(List<String> ids, int duplicates, int blanks) {

    /** Column names that say "these are the sample ids" in a CSV header (compared without case). */
    static final Set<String> ID_COLUMNS = Set.of("id", "ids", "sample_id", "sample", "index", "idx");

    /** A first cell that reads as a column name rather than an id: letters and word separators, no digits. */
    private static final Pattern HEADER_WORD = Pattern.compile("[A-Za-z][A-Za-z _.\\-]*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d*)?([eE][-+]?\\d+)?");
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|[\r\n]");

    public IdList {
        ids = List.copyOf(ids);
    }

    /**
     * Ids as people type or paste them: separated by line breaks, commas, semicolons, tabs or spaces; each may be in
     * single or double quotes (which are taken off, and keep a space or comma inside an id). A Python or JSON list
     * pasted whole ({@code [1, 2, 3]}) loses its brackets. Blank pieces are skipped and counted, repeats dropped and
     * counted. A trailing separator or line break counts for nothing.
     */
    public static IdList parse(String text) {
        String body = text.strip();
        if (body.length() >= 2 && body.charAt(0) == '[' && body.charAt(body.length() - 1) == ']') {
            body = body.substring(1, body.length() - 1);
        }
        Set<String> ids = new LinkedHashSet<>();
        int[] counts = new int[2]; // duplicates, blanks
        String[] lines = LINE_BREAK.split(body, -1);
        for (int l = 0; l < lines.length; l++) {
            if (lines[l].isBlank()) {
                if (l < lines.length - 1) {
                    counts[1]++;
                }
                continue;
            }
            new LineTokens(lines[l]).forEach(piece -> {
                if (piece.isEmpty()) {
                    counts[1]++;
                } else if (!ids.add(piece)) {
                    counts[0]++;
                }
            });
        }
        return new IdList(new ArrayList<>(ids), counts[0], counts[1]);
    }

    /**
     * Streams the ids of a text or CSV file without holding it; see {@link Reader}.
     *
     * @param in the file's characters; closed when the returned reader is
     */
    public static Reader reader(java.io.Reader in) {
        return new Reader(in);
    }

    /** The pieces of one pasted line: fields end at a comma or semicolon, words within a field at spaces or tabs. */
    private record LineTokens(String line) {
        void forEach(Consumer<String> out) {
            StringBuilder word = new StringBuilder();
            boolean quoted = false; // the word so far was in quotes: "" is a blank piece, not nothing
            boolean fieldHadWord = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if ((c == '"' || c == '\'') && word.length() == 0 && !quoted) {
                    int close = line.indexOf(c, i + 1);
                    if (close > i) { // a lone apostrophe (O'Brien) is part of the id
                        word.append(line, i + 1, close);
                        quoted = true;
                        i = close;
                        continue;
                    }
                }
                if (c == ',' || c == ';' || c == ' ' || c == '\t') {
                    if (word.length() > 0 || quoted) {
                        out.accept(word.toString().strip());
                        fieldHadWord = true;
                    }
                    word.setLength(0);
                    quoted = false;
                    if (c == ',' || c == ';') {
                        if (!fieldHadWord) {
                            out.accept(""); // 1,,2: an empty field
                        }
                        fieldHadWord = false;
                    }
                } else {
                    word.append(c);
                }
            }
            if (word.length() > 0 || quoted) {
                out.accept(word.toString().strip());
            }
        }
    }

    /**
     * The ids of a text or CSV file, one at a time, reading as it goes (a file of millions of ids is never held).
     *
     * <ul>
     *   <li>Plain text (no comma or tab on the first line that is not blank): one id per line, trimmed. A first line
     *       that is only a column name ({@code id}, {@code sample_id}, …) is skipped.</li>
     *   <li>CSV (a comma or, failing that, a tab on that line): the column named {@code id}, {@code ids},
     *       {@code sample_id}, {@code sample}, {@code index} or {@code idx} (any case), whose header line is skipped;
     *       with no such column the first one, skipping a first line whose first cell is not a number and reads as a
     *       column name (letters only: {@code filename}, {@code label}). Quoted cells ({@code "a,b"}, {@code """"})
     *       are read as CSV writes them.</li>
     * </ul>
     * Repeats are not dropped: adding an id twice to a Redis set counts the second as already there, and a file too
     * big to hold cannot be de-duplicated cheaply anyway. A read that fails throws {@link UncheckedIOException} naming
     * the line.
     */
    public static final class Reader implements Iterator<String>, Closeable {
        private final BufferedReader in;
        private long linesRead;
        private long blanks;
        private boolean started;
        private char delimiter; // 0: plain text
        private int column;
        private String next;
        private boolean done;

        private Reader(java.io.Reader in) {
            this.in = in instanceof BufferedReader b ? b : new BufferedReader(Objects.requireNonNull(in));
        }

        /** Lines read so far, header and blank lines included. */
        public long linesRead() {
            return linesRead;
        }

        /** Blank lines and empty cells skipped so far. */
        public long blanksSkipped() {
            return blanks;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !done) {
                String line = readLine();
                if (line == null) {
                    done = true;
                } else {
                    next = idOf(line);
                }
            }
            return next != null;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String id = next;
            next = null;
            return id;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private String readLine() {
            try {
                String line = in.readLine();
                if (line != null) {
                    linesRead++;
                    if (linesRead == 1 && line.startsWith("\uFEFF")) {
                        line = line.substring(1); // the byte-order mark spreadsheets write
                    }
                }
                return line;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read line " + (linesRead + 1) + ": " + e.getMessage(), e);
            }
        }

        /** The line's id, or null when it has none (blank, a header, a short row). */
        private String idOf(String line) {
            if (line.isBlank()) {
                blanks++;
                return null;
            }
            if (!started) {
                started = true;
                if (startsTable(line)) {
                    return null; // the header line
                }
            }
            String id = delimiter == 0 ? line.strip() : cell(line);
            if (id.isEmpty()) {
                blanks++;
                return null;
            }
            return id;
        }

        /** Looks at the first line that is not blank; true when it is a header, which is then skipped. */
        private boolean startsTable(String line) {
            delimiter = line.indexOf(',') >= 0 ? ',' : line.indexOf('\t') >= 0 ? '\t' : 0;
            if (delimiter == 0) {
                return ID_COLUMNS.contains(line.strip().toLowerCase(Locale.ROOT));
            }
            List<String> cells = cells(line, delimiter);
            for (int i = 0; i < cells.size(); i++) {
                if (ID_COLUMNS.contains(cells.get(i).toLowerCase(Locale.ROOT))) {
                    column = i;
                    return true;
                }
            }
            String first = cells.get(0);
            return !NUMBER.matcher(first).matches() && HEADER_WORD.matcher(first).matches();
        }

        private String cell(String line) {
            List<String> cells = cells(line, delimiter);
            return column < cells.size() ? cells.get(column) : "";
        }
    }

    /** One CSV line's cells, stripped: {@code "a,b"} is one cell, {@code ""} inside quotes is a quote. */
    static List<String> cells(String line, char delimiter) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean inQuotes = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inQuotes) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    inQuotes = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                cell.setLength(0);
                inQuotes = true;
            } else if (c == delimiter) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
