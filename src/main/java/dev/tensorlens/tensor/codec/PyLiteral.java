package dev.tensorlens.tensor.codec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the small subset of Python literals that numpy writes in a .npy header: dicts, tuples, lists,
 * strings, ints (with Python 2's optional {@code L}), {@code True}, {@code False}, {@code None}. It only reads;
 * nothing is ever evaluated, so a hostile header can at worst be rejected.
 */
final class PyLiteral {

    /** A Python tuple; lists are plain {@link List}s. */
    record Tuple(List<Object> items) {
    }

    /** Python's {@code None}. */
    enum None { NONE }

    /** A syntax error at character {@code position} of the text. */
    static final class SyntaxError extends Exception {
        final int position;

        SyntaxError(int position, String message) {
            super(message + " at character " + position);
            this.position = position;
        }
    }

    /** Deep enough for any real header, shallow enough that nesting can never overflow the stack. */
    private static final int MAX_DEPTH = 32;

    private final String text;
    private int pos;

    private PyLiteral(String text) {
        this.text = text;
    }

    /** Parses one literal that makes up the whole text (surrounding whitespace allowed). */
    static Object parse(String text) throws SyntaxError {
        PyLiteral p = new PyLiteral(text);
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) {
            throw new SyntaxError(p.pos, "unexpected text after the literal");
        }
        return value;
    }

    private Object value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw new SyntaxError(pos, "nested more than " + MAX_DEPTH + " levels");
        }
        skipSpace();
        if (pos >= text.length()) {
            throw new SyntaxError(pos, "unexpected end of text");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> dict(depth);
            case '(' -> new Tuple(sequence(')', depth, true));
            case '[' -> sequence(']', depth, false);
            case '\'', '"' -> string();
            default -> {
                if (c == '-' || c == '+' || Character.isDigit(c)) {
                    yield integer();
                }
                yield name();
            }
        };
    }

    private Map<Object, Object> dict(int depth) throws SyntaxError {
        pos++; // '{'
        Map<Object, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek('}')) {
                pos++;
                return map;
            }
            int keyAt = pos;
            Object key = value(depth + 1);
            if (!(key instanceof String || key instanceof BigInteger || key instanceof Boolean)) {
                throw new SyntaxError(keyAt, "dict key is not a string or number");
            }
            skipSpace();
            expect(':');
            Object v = value(depth + 1);
            if (map.containsKey(key)) {
                throw new SyntaxError(keyAt, "duplicate key " + key);
            }
            map.put(key, v);
            skipSpace();
            if (peek(',')) {
                pos++;
            } else if (!peek('}')) {
                throw new SyntaxError(pos, "expected ',' or '}'");
            }
        }
    }

    private List<Object> sequence(char close, int depth, boolean tuple) throws SyntaxError {
        pos++; // opening bracket
        List<Object> items = new ArrayList<>();
        boolean sawComma = false;
        while (true) {
            skipSpace();
            if (peek(close)) {
                pos++;
                if (tuple && items.size() == 1 && !sawComma) {
                    // "(5)" is just 5 in parentheses in Python, not a tuple; numpy writes "(5,)"
                    throw new SyntaxError(pos - 1, "parenthesised value is not a tuple (missing trailing comma)");
                }
                return items;
            }
            items.add(value(depth + 1));
            skipSpace();
            if (peek(',')) {
                pos++;
                sawComma = true;
            } else if (!peek(close)) {
                throw new SyntaxError(pos, "expected ',' or '" + close + "'");
            }
        }
    }

    private String string() throws SyntaxError {
        char quote = text.charAt(pos++);
        StringBuilder b = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return b.toString();
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case '0' -> b.append('\0');
                    case '\\', '\'', '"' -> b.append(e);
                    default -> b.append('\\').append(e);
                }
            } else {
                b.append(c);
            }
        }
        throw new SyntaxError(pos, "unterminated string");
    }

    private BigInteger integer() throws SyntaxError {
        int start = pos;
        if (peek('-') || peek('+')) {
            pos++;
        }
        int digits = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
            pos++;
        }
        if (pos == digits) {
            throw new SyntaxError(start, "expected a number");
        }
        BigInteger value = new BigInteger(text.substring(start, pos));
        if (peek('L') || peek('l')) {
            pos++; // Python 2 long suffix, as old numpy wrote shapes like (2L, 3L)
        }
        if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            throw new SyntaxError(pos, "only integers are expected here");
        }
        return value;
    }

    private Object name() throws SyntaxError {
        int start = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        String word = text.substring(start, pos);
        return switch (word) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> None.NONE;
            default -> throw new SyntaxError(start, word.isEmpty()
                    ? "unexpected character '" + text.charAt(start) + "'"
                    : "unknown name '" + (word.length() > 20 ? word.substring(0, 20) + "…" : word) + "'");
        };
    }

    private void skipSpace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t'
                || text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) throws SyntaxError {
        if (!peek(c)) {
            throw new SyntaxError(pos, "expected '" + c + "'");
        }
        pos++;
    }
}
