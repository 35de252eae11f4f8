package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.DecodeResult.Decoded;
import dev.tensorlens.tensor.DecodeResult.Malformed;
import dev.tensorlens.tensor.DecodeResult.Opaque;
import dev.tensorlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteOrder;
import java.util.Arrays;

import static dev.tensorlens.tensor.codec.Fixtures.floatsLE;
import static dev.tensorlens.tensor.codec.Fixtures.npy;
import static org.assertj.core.api.Assertions.assertThat;

class NpyCodecTest {

    static Tensor single(DecodeResult r) {
        assertThat(r).isInstanceOf(Decoded.class);
        assertThat(((Decoded) r).tensors()).hasSize(1);
        return ((Decoded) r).tensors().get(0);
    }

    static Malformed malformed(DecodeResult r) {
        assertThat(r).isInstanceOf(Malformed.class);
        return (Malformed) r;
    }

    @Test
    void numpyWrittenFloat32MatrixDecodesInRowMajorOrder() {
        Tensor t = single(NpyCodec.decode(Fixtures.resource("arange_2x3_f4.npy")));
        assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(t.shape()).containsExactly(2, 3);
        assertThat(t.getDouble(t.storageIndex(1, 2))).isEqualTo(5.0);
        assertThat(t.getDouble(t.storageIndex(0, 1))).isEqualTo(1.0);
    }

    @Test
    void numpyWrittenFortranArrayIsColumnMajor() {
        Tensor t = single(NpyCodec.decode(Fixtures.resource("fortran_2x3_i8.npy")));
        assertThat(t.dtype()).isEqualTo(DType.INT64);
        assertThat(t.fortranOrder()).isTrue();
        // element (0, 1) is 1 in numpy; column-major storage puts it at index 2
        assertThat(t.storageIndex(0, 1)).isEqualTo(2);
        assertThat(t.getDouble(t.storageIndex(0, 1))).isEqualTo(1.0);
        assertThat(t.getDouble(t.storageIndex(1, 0))).isEqualTo(3.0);
    }

    @Test
    void bigEndianIntegersAreReadBigEndian() {
        Tensor t = single(NpyCodec.decode(npy(">i4", "(2,)", false, Fixtures.intsBE(1, -70000))));
        assertThat(t.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(t.getDouble(0)).isEqualTo(1.0);
        assertThat(t.getDouble(1)).isEqualTo(-70000.0);
    }

    @ParameterizedTest
    @CsvSource({"<f2,FLOAT16", "<f4,FLOAT32", "<f8,FLOAT64", "|i1,INT8", "<i2,INT16", "<i4,INT32", "<i8,INT64",
            "|u1,UINT8", "<u2,UINT16", "<u4,UINT32", "<u8,UINT64", "|b1,BOOL", "<c8,COMPLEX64", "<c16,COMPLEX128",
            "=f4,FLOAT32", ">f8,FLOAT64"})
    void everyNumericDescrMapsToItsDtype(String descr, DType expected) {
        byte[] data = new byte[expected.size() * 3];
        Tensor t = single(NpyCodec.decode(npy(descr, "(3,)", false, data)));
        assertThat(t.dtype()).isEqualTo(expected);
        assertThat(t.byteOrder()).isEqualTo(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void keysInAnyOrderVersion2And3HeadersAndPython2Longs() {
        String dict = "{'shape': (2L,), 'fortran_order': False, \"descr\": '<f4'}";
        for (int major = 1; major <= 3; major++) {
            Tensor t = single(NpyCodec.decode(npy(major, dict, floatsLE(1.5f, -2f))));
            assertThat(t.shape()).containsExactly(2);
            assertThat(t.getDouble(1)).isEqualTo(-2.0);
        }
    }

    @Test
    void version3HeaderMustBeUtf8() {
        byte[] b = npy(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (0,)}", new byte[0]);
        b[20] = (byte) 0xE9; // a lone latin1 é is not UTF-8
        assertThat(malformed(NpyCodec.decode(b)).reason()).isEqualTo("header is not valid UTF-8");
    }

    @Test
    void emptyShapeIsOneScalar() {
        Tensor t = single(NpyCodec.decode(npy("<f4", "()", false, floatsLE(7f))));
        assertThat(t.rank()).isZero();
        assertThat(t.elementCount()).isEqualTo(1);
        assertThat(t.getDouble(0)).isEqualTo(7.0);
    }

    @Test
    void objectArraysAreReportedNotDecoded() {
        DecodeResult r = NpyCodec.decode(npy("|O", "(2,)", false, new byte[]{(byte) 0x80, 4, '.'}));
        assertThat(r).isInstanceOf(Opaque.class);
        assertThat(((Opaque) r).description()).isEqualTo("numpy object array: the data is a pickle, not decoded");
    }

    @Test
    void anonymousTwoByteVoidIsOfferedAsBfloat16() {
        Decoded d = (Decoded) NpyCodec.decode(npy("<V2", "(1,)", false, new byte[]{(byte) 0xC0, 0x3F}));
        assertThat(d.tensors().get(0).dtype()).isEqualTo(DType.BFLOAT16);
        assertThat(d.tensors().get(0).getDouble(0)).isEqualTo(1.5);
        assertThat(d.notes()).containsExactly("dtype <V2: probably bfloat16 (ml_dtypes); confirm");
    }

    @Test
    void shortDataIsMalformedAtTheDataStart() {
        byte[] b = npy("<f4", "(2, 3)", false, floatsLE(1, 2));
        Malformed m = malformed(NpyCodec.decode(b));
        assertThat(m.offset()).isEqualTo(128);
        assertThat(m.reason()).isEqualTo("data is 8 bytes but shape (2, 3) of <f4 needs 24 bytes");
    }

    @Test
    void trailingBytesDecodeWithANote() {
        Decoded d = (Decoded) NpyCodec.decode(npy("<f4", "(1,)", false, floatsLE(1, 2)));
        assertThat(d.tensors().get(0).elementCount()).isEqualTo(1);
        assertThat(d.notes()).containsExactly("4 bytes after the data were ignored (the data is 4 bytes)");
    }

    @Test
    void headersOverTenThousandCharactersAreRefusedLikeNumpy() {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (0,)}" + " ".repeat(10_050);
        Malformed m = malformed(NpyCodec.decode(npy(2, dict, new byte[0])));
        assertThat(m.offset()).isEqualTo(8);
        assertThat(m.reason()).startsWith("header length 10164 is over numpy's limit of 10000 characters");
    }

    @Test
    void headerLengthBeyondTheValueIsMalformed() {
        byte[] b = npy("<f4", "(1,)", false, floatsLE(1));
        byte[] cut = Arrays.copyOf(b, 40);
        assertThat(malformed(NpyCodec.decode(cut)).reason()).isEqualTo("header length 118 is more than the 30 bytes that follow");
    }

    @Test
    void shapesWhoseProductOverflowsAreMalformedNotAllocated() {
        Malformed m = malformed(NpyCodec.decode(npy("<f8", "(4294967296, 4294967296)", false, new byte[0])));
        assertThat(m.reason()).isEqualTo("shape (4294967296, 4294967296) overflows");
        Malformed big = malformed(NpyCodec.decode(npy("<f8", "(1000000000000,)", false, new byte[0])));
        assertThat(big.reason()).isEqualTo("data is 0 bytes but shape (1000000000000,) of <f8 needs 8000000000000 bytes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "{'descr': '<f4', 'fortran_order': __import__('os'), 'shape': (1,)};header is not a Python dict literal",
            "{'descr': '<f4', 'shape': (1,)};header must be a dict with exactly the keys",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1};header must be a dict with exactly the keys",
            "{'descr': '<f4', 'fortran_order': 1, 'shape': (1,)};fortran_order is not True or False",
            "{'descr': '<f4', 'fortran_order': False, 'shape': [1]};shape is not a tuple of non-negative integers",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)};shape is not a tuple of non-negative integers",
            "{'descr': '<U4', 'fortran_order': False, 'shape': (1,)};dtype <U4 is not a numeric dtype this viewer decodes",
            "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)};descr is not a simple dtype string",
    })
    void badHeadersAreExplained(String dict, String reasonStart) {
        assertThat(malformed(NpyCodec.decode(npy(1, dict, new byte[16]))).reason()).startsWith(reasonStart);
    }

    @Test
    void unsupportedVersionAndWrongMagic() {
        byte[] b = npy("<f4", "(1,)", false, floatsLE(1));
        b[6] = 4;
        assertThat(malformed(NpyCodec.decode(b)).reason()).isEqualTo("unsupported .npy version 4.0 (numpy writes 1.0, 2.0 and 3.0)");
        assertThat(malformed(NpyCodec.decode(new byte[]{1, 2})).reason()).isEqualTo("does not start with the .npy magic \\x93NUMPY");
    }
}
