package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DecodeResult;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a value's bytes are, in words, when no tensor format matched them: text, binary data, or nothing at all.
 * Users who point the app at a README or a session token should read "UTF-8 text of 171 bytes", not a decoder's
 * complaint about the "unknown" format. Shared by {@code tensorlens inspect} and the value pane.
 *
 * @param length the value's length in bytes
 */
public record ByteContent(Kind kind, long length) {

    public enum Kind {
        EMPTY,
        /** Valid UTF-8 without control characters other than the whitespace and escapes text files carry. */
        TEXT,
        BINARY
    }

    /** Looks at every byte: linear in the value's length and copy-free, but not free for a 200 MB value. */
    public static ByteContent of(byte[] bytes) {
        Kind kind = bytes.length == 0 ? Kind.EMPTY
                : isUtf8(bytes) && !hasBinaryControlBytes(bytes) ? Kind.TEXT
                : Kind.BINARY;
        return new ByteContent(kind, bytes.length);
    }

    /**
     * Whether the decoder found no tensor format at all ({@link Format#UNKNOWN}), as opposed to a format it recognised
     * that then broke (a truncated {@code .npy}): only the first is described in words rather than as an error.
     */
    public static boolean isUnrecognised(DecodeResult r) {
        return r instanceof DecodeResult.Malformed m && m.format().equals(Format.UNKNOWN.id());
    }

    /** Whether all of {@code bytes} is valid UTF-8, checked through a small buffer so a 200 MB value costs no copy. */
    public static boolean isUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return false;
            }
            out.clear();
            if (r.isUnderflow()) {
                return !decoder.flush(out).isError();
            }
        }
    }

    /**
     * NUL and the other C0 controls (and DEL) that text does not hold: a run of zero bytes is valid UTF-8, but calling
     * it text would mislead. Tab, line feed, form feed, carriage return and ESC (colours in logs) are text. In UTF-8
     * these bytes never occur inside a multi-byte sequence, so a plain byte scan is exact.
     */
    private static boolean hasBinaryControlBytes(byte[] bytes) {
        for (byte b : bytes) {
            if ((b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r' && b != 0x1B) || b == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** {@code UTF-8 text of 171 bytes}, {@code binary data of 64 bytes}, {@code an empty value}. */
    public String inWords() {
        String size = length == 1 ? "1 byte" : length + " bytes";
        return switch (kind) {
            case EMPTY -> "an empty value";
            case TEXT -> "UTF-8 text of " + size;
            case BINARY -> "binary data of " + size;
        };
    }

    /** One sentence: {@code demo:readme holds UTF-8 text of 171 bytes, not a tensor.} */
    public String notATensor(String what) {
        return what + " holds " + inWords() + ", not a tensor.";
    }
}
