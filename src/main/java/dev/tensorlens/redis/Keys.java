package dev.tensorlens.redis;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Keys are bytes. They are shown as UTF-8 text when they are valid UTF-8 and printable, and otherwise escaped
 * the way redis-cli does ({@code \xff}), and the escaped text reads back to the exact bytes.
 */
public final class Keys {

    private Keys() {
    }

    /** The bytes of a key the user typed: escapes such as {@code \xff}, {@code \n}, {@code \\} are decoded. */
    public static byte[] bytes(String text) {
        ByteBuffer out = ByteBuffer.allocate(text.length() * 4);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '\\' && i + 1 < utf8.length) {
                byte n = utf8[i + 1];
                if (n == 'x' && i + 3 < utf8.length && isHex(utf8[i + 2]) && isHex(utf8[i + 3])) {
                    out.put((byte) Integer.parseInt(new String(utf8, i + 2, 2, StandardCharsets.US_ASCII), 16));
                    i += 3;
                    continue;
                }
                Byte escaped = switch (n) {
                    case 'n' -> (byte) '\n';
                    case 'r' -> (byte) '\r';
                    case 't' -> (byte) '\t';
                    case '\\' -> (byte) '\\';
                    case '"' -> (byte) '"';
                    default -> null;
                };
                if (escaped != null) {
                    out.put(escaped);
                    i++;
                    continue;
                }
            }
            out.put(b);
        }
        byte[] result = new byte[out.position()];
        out.flip().get(result);
        return result;
    }

    /** The key as text: UTF-8 where it is valid and printable, escapes for everything else. */
    public static String display(byte[] key) {
        if (isPlainAscii(key)) {
            // the common case, and the one a scan of a million keys prints: no decoder, no escapes
            return new String(key, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key));
            String text = chars.toString();
            if (text.codePoints().noneMatch(cp -> Character.isISOControl(cp) || cp == '\\')) {
                return text;
            }
        } catch (CharacterCodingException e) {
            // not UTF-8: escape byte by byte below
        }
        StringBuilder b = new StringBuilder();
        for (byte raw : key) {
            int c = raw & 0xFF;
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        b.append((char) c);
                    } else {
                        b.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean isPlainAscii(byte[] key) {
        for (byte b : key) {
            if (b < 0x20 || b >= 0x7F || b == '\\') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }
}
