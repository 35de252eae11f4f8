package dev.tensorlens.tensor.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.NpyCodec;
import dev.tensorlens.tensor.image.ImageLayout;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against numpy 1.24 itself: numpy_text.json holds, for the arrays in numpy_text/, the text {@code print(x2d[a:b])}
 * gives (make_numpy_text.py wrote both; no Python is needed here).
 */
class NumpyTextTest {

    private static final String DIR = "numpy_text/";

    @TestFactory
    Stream<DynamicTest> blocksReadAsNumpyPrintsThem() throws IOException {
        JsonNode cases;
        try (InputStream in = resource("numpy_text.json")) {
            cases = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        assertThat(tests).hasSizeGreaterThan(250);
        return tests.stream();
    }

    private static void check(JsonNode c) throws IOException {
        Tensor t = npy(c.get("npy").asText());
        NumpyText text;
        if (c.has("image")) {
            JsonNode image = c.get("image");
            text = NumpyText.imageRows(t, ImageLayout.valueOf(image.get("layout").asText()),
                    image.get("sample").asInt(), image.get("rows").asInt());
        } else {
            text = NumpyText.of(t, c.get("first").asLong(), c.get("count").asInt());
        }
        List<String> expected = new ArrayList<>();
        c.get("lines").forEach(l -> expected.add(l.asText()));
        assertThat(text.lines()).isEqualTo(expected);
        assertThat(text.rowCount()).isEqualTo(expected.size());
        if (t.dtype().kind() != DType.Kind.COMPLEX) {
            // without its padding, each element is the line's word (a complex number may hold a space inside)
            for (int r = 0; r < text.rowCount(); r++) {
                String[] words = expected.get(r).strip().split(" +");
                assertThat(text.columnCount()).isEqualTo(words.length);
                for (int col = 0; col < words.length; col++) {
                    assertThat(text.cell(r, col)).isEqualTo(words[col]);
                }
            }
        }
    }

    @Test
    void theExampleOfTheBrief() throws IOException {
        NumpyText text = NumpyText.of(npy("f32_row.npy"), 0, 1);
        assertThat(text.lines()).containsExactly("0.  0.5 1.");
        assertThat(text.cell(0, 0)).isEqualTo("0.");
        assertThat(text.cell(0, 1)).isEqualTo("0.5");
        assertThat(text.columnCount()).isEqualTo(3);
    }

    @Test
    void complexCellsHaveNoSpacesInside() throws IOException {
        NumpyText text = NumpyText.of(npy("c64.npy"), 0, 2);
        assertThat(text.cell(0, 0)).isEqualTo("1.+2.e+00j");
        assertThat(text.cell(1, 0)).isEqualTo("nan+1.e+00j");
        assertThat(text.cell(1, 1)).isEqualTo("3.+0.e+00j");
    }

    @Test
    void rowsPastTheEndAreClippedAndBadRangesRefused() throws IOException {
        Tensor t = npy("f32_block_whole.npy"); // 4 rows
        assertThat(NumpyText.of(t, 4, 5).rowCount()).isZero();
        assertThat(NumpyText.of(t, 99, 5).lines()).isEmpty();
        assertThat(NumpyText.of(t, 1, 0).lines()).isEmpty();
        assertThat(NumpyText.of(t, 3, Integer.MAX_VALUE).rowCount()).isEqualTo(1);
        assertThatThrownBy(() -> NumpyText.of(t, -1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NumpyText.of(t, 0, -2)).isInstanceOf(IllegalArgumentException.class);
        NumpyText two = NumpyText.of(t, 0, 2);
        assertThatThrownBy(() -> two.cell(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> two.cell(0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void imageRowsNeedALayoutThatFitsAndAnImageThatIsThere() throws IOException {
        Tensor nhw = npy("u8_nhw.npy"); // (3, 6, 5)
        assertThatThrownBy(() -> NumpyText.imageRows(nhw, ImageLayout.NHWC, 0, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NumpyText.imageRows(nhw, ImageLayout.NHW, 3, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(NumpyText.imageRows(nhw, ImageLayout.NHW, 2, 100).rowCount()).isEqualTo(6);
        // read as one channel-first image, the leading 3 is the channels: each row is 5 pixels of 3 values
        NumpyText chw = NumpyText.imageRows(nhw, ImageLayout.CHW, 0, 1);
        assertThat(chw.columnCount()).isEqualTo(15);
    }

    @Test
    void bfloat16IsWrittenAsItsFloat32Value() {
        // 0x3FC0 is 1.5, 0x3DCD is 0.10009765625 (float32 digits: 0.10009766)
        byte[] b = {(byte) 0xC0, 0x3F, (byte) 0xCD, 0x3D};
        Tensor t = Tensor.view("b", DType.BFLOAT16, new long[] {1, 2}, b, 0);
        assertThat(NumpyText.of(t, 0, 1).lines()).containsExactly("1.5        0.10009766");
    }

    @Test
    void dragonAgreesWithSchubfachOnNormalFloats() {
        Random r = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            float f = Math.abs(Float.intBitsToFloat(r.nextInt()));
            if (!Float.isFinite(f) || f < Float.MIN_NORMAL) {
                continue;
            }
            int bits = Float.floatToRawIntBits(f);
            int exp = bits >>> 23;
            int man = bits & 0x7FFFFF;
            assertThat(Decimal.of(ShortestDigits.dragon(f, man | 0x800000, exp - 150, man == 0 && exp > 1)))
                    .as("%s", f).isEqualTo(ShortestDigits.single(f));
        }
    }

    /** Positional float32 cells with fewer than 8 fractional digits are float32's shortest: they read back exactly. */
    @Property(tries = 300)
    void positionalFloat32CellsReadBackAsTheSameFloat(
            @ForAll @Size(min = 1, max = 40) List<@FloatRange(min = -2000f, max = 2000f) Float> values,
            @ForAll @IntRange(min = 1, max = 8) int cols) {
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        int rows = (v.length + cols - 1) / cols;
        float[] padded = Arrays.copyOf(v, rows * cols);
        Tensor t = Tensor.view("x", DType.FLOAT32, new long[] {rows, cols}, RawBytes.float32(padded), 0);
        NumpyText text = NumpyText.of(t, 0, rows);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                String cell = text.cell(r, c);
                int point = cell.indexOf('.');
                if (cell.contains("e") || cell.length() - point - 1 >= 8) {
                    continue;
                }
                assertThat(Float.parseFloat(cell)).as(cell).isEqualTo(padded[r * cols + c]);
            }
        }
    }

    private static Tensor npy(String name) throws IOException {
        byte[] bytes;
        try (InputStream in = resource(DIR + name)) {
            bytes = in.readAllBytes();
        }
        DecodeResult result = NpyCodec.decode(bytes);
        assertThat(result).as(name).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).tensors().get(0);
    }

    private static InputStream resource(String name) {
        InputStream in = NumpyTextTest.class.getResourceAsStream(name);
        assertThat(in).as(name).isNotNull();
        return in;
    }
}
