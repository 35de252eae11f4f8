package dev.tensorlens.tensor.codec;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Walks the opcodes of a pickle (CPython {@code Lib/pickletools.py} lists them with their argument formats) to
 * learn its protocol and the {@code module.name} globals it would import, WITHOUT building any object: only
 * argument lengths are read, so nothing is ever imported, called or allocated in proportion to a claimed length.
 */
final class PickleScanner {

    /** What the walk found. {@code stopOffset} is the offset after the STOP opcode, or -1 if none was reached. */
    record Scan(int protocol, Set<String> globals, int stopOffset, long errorOffset, String error) {
        boolean complete() {
            return stopOffset >= 0;
        }
    }

    private static final int MAX_GLOBALS = 64;
    private static final int MAX_MEMO = 4096;
    private static final int MAX_STRING = 256;

    private final byte[] b;
    private int pos;
    private int protocol = -1;
    private final Set<String> globals = new LinkedHashSet<>();
    private final Map<Long, String> memo = new HashMap<>();
    private long memoCounter;
    // the two most recent stack pushes when they are short strings (null otherwise), for STACK_GLOBAL
    private String previous;
    private String last;

    private PickleScanner(byte[] b, int start) {
        this.b = b;
        this.pos = start;
    }

    static Scan scan(byte[] bytes, int start) {
        return new PickleScanner(bytes, start).run();
    }

    private Scan run() {
        while (pos < b.length) {
            int opAt = pos;
            int op = b[pos++] & 0xFF;
            String problem = step(op);
            if (problem != null) {
                return new Scan(protocol, globals, -1, opAt, problem);
            }
            if (op == '.') {
                return new Scan(protocol, globals, pos, -1, null);
            }
        }
        return new Scan(protocol, globals, -1, b.length, "ends without a STOP opcode");
    }

    /** Skips one opcode's argument; null when fine, else what is wrong. */
    private String step(int op) {
        switch (op) {
            // no argument, pushes something that is not a string
            case '(', ')', ']', '}', 'N', 0x88, 0x89, 0x8f, 0x97 -> push(null);
            // no argument, no push we track (pops, builds, stop)
            case '.', '0', '1', '2', 'Q', 'R', 'a', 'b', 'd', 'e', 'l', 'o', 's', 't', 'u', 0x81, 0x85, 0x86,
                    0x87, 0x90, 0x91, 0x92, 0x98 -> push(null);
            case 0x93 -> { // STACK_GLOBAL: module and name are the two strings on top of the stack
                if (previous != null && last != null) {
                    addGlobal(previous + "." + last);
                }
                push(null);
            }
            case 0x94 -> { // MEMOIZE: memo[len(memo)] = top of stack
                remember(memoCounter++, last);
            }
            case 0x80 -> { // PROTO
                if (!Bytes.has(b, pos, 1)) {
                    return "truncated PROTO";
                }
                protocol = b[pos++] & 0xFF;
                if (protocol > 5) {
                    return "unknown pickle protocol " + protocol;
                }
            }
            case 0x95 -> { // FRAME: 8-byte length of the frame that follows; frames are transparent to us
                return skip(8);
            }
            case 'K', 0x82, 'h' -> { // BININT1, EXT1, BINGET
                if (!Bytes.has(b, pos, 1)) {
                    return "truncated argument";
                }
                int arg = b[pos++] & 0xFF;
                push(op == 'h' ? memo.get((long) arg) : null);
            }
            case 'q' -> { // BINPUT
                if (!Bytes.has(b, pos, 1)) {
                    return "truncated argument";
                }
                remember(b[pos++] & 0xFF, last);
            }
            case 'M', 0x83 -> { // BININT2, EXT2
                String p = skip(2);
                push(null);
                return p;
            }
            case 'J', 0x84 -> { // BININT, EXT4
                String p = skip(4);
                push(null);
                return p;
            }
            case 'j' -> { // LONG_BINGET
                if (!Bytes.has(b, pos, 4)) {
                    return "truncated argument";
                }
                push(memo.get(Bytes.u32le(b, pos)));
                pos += 4;
            }
            case 'r' -> { // LONG_BINPUT
                if (!Bytes.has(b, pos, 4)) {
                    return "truncated argument";
                }
                remember(Bytes.u32le(b, pos), last);
                pos += 4;
            }
            case 'G' -> { // BINFLOAT
                String p = skip(8);
                push(null);
                return p;
            }
            case 'F', 'I', 'L', 'P', 'S', 'g', 'p' -> { // newline-terminated text argument
                int end = lineEnd();
                if (end < 0) {
                    return "unterminated text argument";
                }
                if (op == 'p' || op == 'g') {
                    String idx = new String(b, pos, end - pos, StandardCharsets.ISO_8859_1).trim();
                    Long key = idx.matches("[0-9]{1,9}") ? Long.valueOf(idx) : null;
                    if (op == 'p' && key != null) {
                        remember(key, last);
                    } else if (op == 'g') {
                        push(key == null ? null : memo.get(key));
                    }
                } else {
                    push(null);
                }
                pos = end + 1;
            }
            case 'V' -> { // UNICODE: newline-terminated (raw-unicode-escape)
                int end = lineEnd();
                if (end < 0) {
                    return "unterminated text argument";
                }
                push(shortText(pos, end - pos));
                pos = end + 1;
            }
            case 'c', 'i' -> { // GLOBAL / INST: "module\nname\n"
                int moduleEnd = lineEnd();
                if (moduleEnd < 0) {
                    return "unterminated GLOBAL module";
                }
                String module = shortText(pos, moduleEnd - pos);
                pos = moduleEnd + 1;
                int nameEnd = lineEnd();
                if (nameEnd < 0) {
                    return "unterminated GLOBAL name";
                }
                String name = shortText(pos, nameEnd - pos);
                pos = nameEnd + 1;
                if (module != null && name != null) {
                    addGlobal(module + "." + name);
                }
                push(null);
            }
            case 'U', 'C', 0x8c, 0x8a -> { // 1-byte length: SHORT_BINSTRING, SHORT_BINBYTES, SHORT_BINUNICODE, LONG1
                if (!Bytes.has(b, pos, 1)) {
                    return "truncated length";
                }
                int n = b[pos++] & 0xFF;
                return data(n, op == 0x8c);
            }
            case 'T', 'X', 'B', 0x8b -> { // 4-byte length: BINSTRING, BINUNICODE, BINBYTES, LONG4
                if (!Bytes.has(b, pos, 4)) {
                    return "truncated length";
                }
                long n = Bytes.u32le(b, pos);
                pos += 4;
                return data(n, op == 'X');
            }
            case 0x8d, 0x8e, 0x96 -> { // 8-byte length: BINUNICODE8, BINBYTES8, BYTEARRAY8
                if (!Bytes.has(b, pos, 8)) {
                    return "truncated length";
                }
                long n = Bytes.u64le(b, pos);
                pos += 8;
                return data(n, op == 0x8d);
            }
            default -> {
                return String.format("unknown opcode 0x%02x", op);
            }
        }
        return null;
    }

    private String data(long n, boolean isText) {
        if (n < 0 || !Bytes.has(b, pos, n)) {
            return "a length of " + Long.toUnsignedString(n) + " runs past the end";
        }
        push(isText ? shortText(pos, (int) n) : null);
        pos += (int) n;
        return null;
    }

    private String skip(int n) {
        if (!Bytes.has(b, pos, n)) {
            return "truncated argument";
        }
        pos += n;
        return null;
    }

    private int lineEnd() {
        for (int i = pos; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private String shortText(int at, int length) {
        return length <= MAX_STRING ? new String(b, at, length, StandardCharsets.UTF_8) : null;
    }

    private void push(String s) {
        previous = last;
        last = s;
    }

    private void remember(long index, String value) {
        if (value != null && memo.size() < MAX_MEMO) {
            memo.put(index, value);
        }
    }

    private void addGlobal(String g) {
        if (globals.size() < MAX_GLOBALS) {
            globals.add(g);
        }
    }
}
