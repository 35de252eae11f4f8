package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.ChunkedBytes;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.DecodeResult.Decoded;
import dev.tensorlens.tensor.DecodeResult.Malformed;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.write.NpyWriter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A big value is read in chunks ({@link ChunkedBytes}): the decoders view an .npy or raw value in place, in the chunks,
 * and give every other value, and every malformed one, exactly the answer they give for the value in one array.
 */
class ChunkedDecodeTest {

    private static ChunkedBytes split(byte[] value, int chunk) {
        List<byte[]> chunks = new ArrayList<>();
        for (int at = 0; at < value.length; at += chunk) {
            chunks.add(Arrays.copyOfRange(value, at, Math.min(value.length, at + chunk)));
        }
        return ChunkedBytes.of(chunks);
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.5f - 100;
        }
        return v;
    }

    @Test
    void anNpyValueInChunksIsViewedInPlaceAndReadsAsTheWholeValue() {
        byte[] npy = NpyWriter.float32(new long[] {50, 40}, ramp(2000));

        DecodeResult r = Sniffer.decode(split(npy, 512), ValueContext.ofKey("cache:x"));

        Tensor t = ((Decoded) r).tensors().get(0);
        Tensor whole = ((Decoded) Sniffer.decode(npy, ValueContext.ofKey("cache:x"))).tensors().get(0);
        assertThat(r.format()).isEqualTo("npy");
        assertThat(t.shape()).containsExactly(50, 40);
        assertThat(t.arrayOf(1999)).as("the last chunk itself, not a copy").isNotSameAs(t.arrayOf(0));
        for (long i = 0; i < 2000; i++) {
            assertThat(t.getDouble(i)).isEqualTo(whole.getDouble(i));
        }
    }

    @Test
    void chunksThatWouldSplitElementsFallBackToOneArray() {
        byte[] npy = NpyWriter.float64(new long[] {300}, new double[300]);

        DecodeResult r = Sniffer.decode(split(npy, 500), ValueContext.ofKey("x")); // 500 is not a multiple of 8

        Tensor t = ((Decoded) r).tensors().get(0);
        assertThat(t.runRemaining(0)).as("one array").isEqualTo(300);
        assertThat(t.elementCount()).isEqualTo(300);
    }

    @Test
    void aBrokenValueInChunksGetsTheSameAnswerAsInOneArray() {
        byte[] npy = NpyWriter.float32(new long[] {1000}, ramp(1000));
        byte[] truncated = Arrays.copyOf(npy, npy.length - 10);

        DecodeResult chunked = Sniffer.decode(split(truncated, 256), ValueContext.ofKey("x"));

        assertThat(Sniffer.decodeInPlace(split(truncated, 256), ValueContext.ofKey("x")))
                .as("not viewed in place: the decoder of one array words it").isEmpty();
        assertThat(Sniffer.decodeInPlace(split(npy, 256), ValueContext.ofKey("x"))).isPresent();
        assertThat(chunked).isInstanceOf(Malformed.class)
                .isEqualTo(Sniffer.decode(truncated, ValueContext.ofKey("x")));
    }

    @Test
    void otherFormatsInChunksDecodeFromOneArray() {
        byte[] json = "[1.5, 2.5, 3.5, 4.5, 5.5, 6.5]".getBytes();

        DecodeResult r = Sniffer.decode(split(json, 8), ValueContext.ofKey("x"));

        assertThat(((Decoded) r).tensors().get(0).getDouble(5)).isEqualTo(6.5);
        assertThat(r.format()).isEqualTo("json");
    }

    @Test
    void rawBytesUnderAKeyRuleAreViewedInPlaceWhenTheirLengthIsWhatTheRuleSays() {
        byte[] npy = NpyWriter.float32(new long[] {64}, ramp(64));
        byte[] raw = Arrays.copyOfRange(npy, npy.length - 256, npy.length);
        ValueContext emb = new ValueContext("emb:user:1", "string", Map.of(),
                List.of(new KeyRule("emb:*", new RawSpec(DType.FLOAT32, new long[] {8, 8}, false))));
        byte[] pickled = raw.clone();
        pickled[0] = (byte) 0x80; // a pickle's PROTO opcode: sniffed as pickle before any key rule
        pickled[1] = 4;

        DecodeResult r = Sniffer.decode(split(raw, 64), emb);
        byte[] short250 = Arrays.copyOf(raw, 250);
        DecodeResult wrongLength = Sniffer.decode(split(short250, 64), emb);

        Tensor t = ((Decoded) r).tensors().get(0);
        assertThat(r.format()).isEqualTo("raw");
        assertThat(t.runRemaining(0)).as("in place: the first chunk's 16 floats").isEqualTo(16);
        assertThat(t.getDouble(63)).isEqualTo(ramp(64)[63]);
        assertThat(Sniffer.decodeInPlace(split(short250, 64), emb)).isEmpty();
        assertThat(wrongLength).isEqualTo(Sniffer.decode(short250, emb));
        assertThat(Sniffer.decodeInPlace(split(pickled, 64), emb)).as("sniffed as pickle first").isEmpty();
        assertThat(Sniffer.decode(split(pickled, 64), emb)).isEqualTo(Sniffer.decode(pickled, emb));
    }

    @Test
    void theBuilderFillsChunksOfItsLengthFromRepliesOfAnyLength() {
        byte[] value = new byte[1000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31);
        }
        ChunkedBytes.Builder b = new ChunkedBytes.Builder(128, value.length);
        for (int at = 0; at < value.length; at += 300) {
            b.append(Arrays.copyOfRange(value, at, Math.min(value.length, at + 300)));
        }

        ChunkedBytes read = b.build();

        assertThat(read.length()).isEqualTo(1000);
        assertThat(read.chunks()).hasSize(8);
        assertThat(read.chunks().get(7)).hasSize(1000 - 7 * 128);
        assertThat(read.toArray()).isEqualTo(value);
        assertThat(read.copy(120, 20)).isEqualTo(Arrays.copyOfRange(value, 120, 140));
        assertThat(read.get(999)).isEqualTo(value[999]);
    }

    @Test
    void aValueThatGrewOrShrankWhileReadIsKeptAsRead() {
        byte[] value = new byte[500];
        Arrays.fill(value, (byte) 7);
        ChunkedBytes.Builder grew = new ChunkedBytes.Builder(128, 200); // measured at 200, then it grew to 500
        grew.append(Arrays.copyOfRange(value, 0, 250));
        grew.append(Arrays.copyOfRange(value, 250, 500));
        ChunkedBytes.Builder shrank = new ChunkedBytes.Builder(128, 500); // measured at 500, then it shrank to 300
        shrank.append(Arrays.copyOf(value, 300));

        ChunkedBytes grown = grew.build();

        assertThat(grown.toArray()).isEqualTo(value);
        assertThat(grown.chunks()).extracting(c -> c.length).containsExactly(128, 128, 128, 116);
        assertThat(shrank.build().toArray()).isEqualTo(Arrays.copyOf(value, 300));
        assertThatThrownBy(() -> ChunkedBytes.of(List.of(new byte[3], new byte[4], new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkedBytes.of(List.of(new byte[4], new byte[10])))
                .as("a last chunk longer than the others").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkedBytes.of(List.of(new byte[0], new byte[0], new byte[3])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
