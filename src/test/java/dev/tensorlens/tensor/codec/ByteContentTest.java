package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DecodeResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.tensorlens.tensor.codec.Fixtures.ascii;
import static org.assertj.core.api.Assertions.assertThat;

class ByteContentTest {

    static ByteContent of(String text) {
        return ByteContent.of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textBinaryAndNothingAreSaidInWords() {
        assertThat(of("# Tensorlens demo\n\tsee README\r\n").inWords()).isEqualTo("UTF-8 text of 31 bytes");
        assertThat(of("é").inWords()).as("bytes, not characters").isEqualTo("UTF-8 text of 2 bytes");
        assertThat(of("x").inWords()).isEqualTo("UTF-8 text of 1 byte");
        assertThat(ByteContent.of(new byte[] {(byte) 0xFF, 0x10, 0x20}).inWords()).isEqualTo("binary data of 3 bytes");
        assertThat(ByteContent.of(new byte[0]).inWords()).isEqualTo("an empty value");
    }

    @Test
    void validUtf8WithControlBytesIsBinary() {
        assertThat(ByteContent.of(new byte[16]).kind()).as("zeros are valid UTF-8").isEqualTo(ByteContent.Kind.BINARY);
        assertThat(of("a\u0001b").kind()).isEqualTo(ByteContent.Kind.BINARY);
        assertThat(of("a\u007Fb").kind()).isEqualTo(ByteContent.Kind.BINARY);
        assertThat(of("\u001B[31mred\u001B[0m\f").kind()).as("colours in a log").isEqualTo(ByteContent.Kind.TEXT);
    }

    @Test
    void utf8IsCheckedToTheEndAcrossTheDecodersBuffer() {
        byte[] long8k = new byte[20_000];
        Arrays.fill(long8k, (byte) 'a');
        assertThat(ByteContent.isUtf8(long8k)).isTrue();
        long8k[19_999] = (byte) 0xC3; // a sequence cut at the very end
        assertThat(ByteContent.isUtf8(long8k)).isFalse();
        assertThat(ByteContent.of(long8k).kind()).isEqualTo(ByteContent.Kind.BINARY);
    }

    @Test
    void onlyValuesInNoFormatAtAllAreUnrecognised() {
        assertThat(ByteContent.isUnrecognised(Sniffer.decode(ascii("hello"), ValueContext.none()))).isTrue();
        assertThat(ByteContent.isUnrecognised(Sniffer.decode(new byte[0], ValueContext.none()))).isTrue();
        // a format that was recognised and broke stays an error with its offset
        assertThat(ByteContent.isUnrecognised(Sniffer.decode(ascii("[1, 2"), ValueContext.none()))).isFalse();
        assertThat(ByteContent.isUnrecognised(new DecodeResult.Malformed("npy", 128, "truncated"))).isFalse();
        assertThat(ByteContent.isUnrecognised(Sniffer.decode(ascii("[1, 2]"), ValueContext.none()))).isFalse();
    }

    @Test
    void theSentenceNamesWhatWasRead() {
        assertThat(of("hello").notATensor("demo:readme")).isEqualTo("demo:readme holds UTF-8 text of 5 bytes, not a tensor.");
        assertThat(ByteContent.of(new byte[0]).notATensor("k field f")).isEqualTo("k field f holds an empty value, not a tensor.");
    }
}
