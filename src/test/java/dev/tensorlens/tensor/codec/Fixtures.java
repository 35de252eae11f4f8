package dev.tensorlens.tensor.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Bytes built by hand for the codec tests, and the committed reference files.
 *
 * <p>The files under src/test/resources/dev/tensorlens/tensor/codec/ were written by numpy 2.4 (python3):
 * <pre>
 * np.save('arange_2x3_f4.npy', np.arange(6, dtype='&lt;f4').reshape(2,3))
 * np.save('fortran_2x3_i8.npy', np.asfortranarray(np.arange(6, dtype='&lt;i8').reshape(2,3)))
 * np.savez_compressed('weights_biases.npz', weights=np.array([[1.5,-2.0],[0.25,4.0]], dtype='&lt;f8'),
 *                     biases=np.array([1,2], dtype='&lt;i4'))
 * np.savez('stored.npz', x=np.arange(3, dtype='&lt;u2'))
 * open('dict_of_arrays.pkl','wb').write(pickle.dumps({'a': np.arange(3)}, protocol=4))
 * </pre>
 * torch is not installed here, so torch.save archives are built in {@link #torchZip()} with the layout that
 * torch.save writes (archive/data.pkl, archive/version, archive/data/0).
 */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A .npy of the given version with the header text as given (padded with spaces and '\n' to 64). */
    static byte[] npy(int major, String dict, byte[] data) {
        int prefix = major == 1 ? 10 : 12;
        StringBuilder header = new StringBuilder(dict);
        while ((prefix + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyCodec.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        return b.put(h).put(data).array();
    }

    static byte[] npy(String descr, String shape, boolean fortran, byte[] data) {
        return npy(1, "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }", data);
    }

    static byte[] floatsLE(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    static byte[] intsBE(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.BIG_ENDIAN);
        for (int i : v) {
            b.putInt(i);
        }
        return b.array();
    }

    /** A safetensors file: the header JSON as given (padded to a multiple of 8), then {@code data}. */
    static byte[] safetensors(String json, byte[] data) {
        StringBuilder h = new StringBuilder(json);
        while (h.length() % 8 != 0) {
            h.append(' ');
        }
        return safetensorsRaw(h.toString().getBytes(StandardCharsets.UTF_8), h.length(), data);
    }

    static byte[] safetensorsRaw(byte[] header, long declaredLength, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(declaredLength).put(header).put(data).array();
    }

    static byte[] zip(boolean deflate, Object... namesAndContents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = (byte[]) namesAndContents[i + 1];
                ZipEntry e = new ZipEntry((String) namesAndContents[i]);
                if (!deflate) {
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(content.length);
                    e.setCompressedSize(content.length);
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    e.setCrc(crc.getValue());
                }
                z.putNextEntry(e);
                z.write(content);
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A protocol-2 pickle that references torch._utils._rebuild_tensor_v2 through GLOBAL, as torch writes. */
    static byte[] torchDataPkl() {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80);
        p.write(2);
        p.writeBytes("ccollections\nOrderedDict\nq\u0000)Rq\u0001".getBytes(StandardCharsets.ISO_8859_1));
        p.writeBytes("ctorch._utils\n_rebuild_tensor_v2\nq\u0002.".getBytes(StandardCharsets.ISO_8859_1));
        return p.toByteArray();
    }

    static byte[] torchZip() {
        return zip(false, "archive/data.pkl", torchDataPkl(), "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII),
                "archive/data/0", floatsLE(0, 1, 2, 3), "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
