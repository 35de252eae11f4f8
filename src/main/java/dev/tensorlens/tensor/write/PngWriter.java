package dev.tensorlens.tensor.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes pixels as a PNG (W3C PNG, 3rd edition): 8-bit RGBA, non-interlaced, each scanline with the filter that
 * makes it smallest by the spec's heuristic (least sum of absolute differences among None, Sub, Up and Paeth), the
 * compressed data streamed out in IDAT chunks as it comes. Pure Java: no AWT, no {@code javax.imageio}, so the app's
 * runtime needs no {@code java.desktop} for it.
 */
public final class PngWriter {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** Bytes of compressed data per IDAT chunk. */
    private static final int CHUNK = 1 << 16;

    private PngWriter() {
    }

    /**
     * Writes {@code width × height} pixels, row-major from index 0, as non-premultiplied ARGB ints (what
     * {@code PixelFormat.getIntArgbInstance()} reads).
     *
     * @throws IllegalArgumentException when the sizes are not positive or the array is too short
     */
    public static void write(int[] argb, int width, int height, OutputStream out) throws IOException {
        if (width <= 0 || height <= 0 || (long) width * height > argb.length || width > (Integer.MAX_VALUE - 1) / 4) {
            throw new IllegalArgumentException(width + " × " + height + " pixels from " + argb.length);
        }
        out.write(SIGNATURE);
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream(13);
        writeInt(ihdr, width);
        writeInt(ihdr, height);
        ihdr.write(8); // bits per channel
        ihdr.write(6); // colour type: RGBA
        ihdr.write(0); // deflate
        ihdr.write(0); // adaptive filtering
        ihdr.write(0); // no interlace
        chunk(out, "IHDR", ihdr.toByteArray(), ihdr.size());

        int stride = width * 4;
        byte[] previous = new byte[stride];
        byte[] current = new byte[stride];
        byte[][] filtered = new byte[5][stride + 1];
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try (DeflaterOutputStream z = new DeflaterOutputStream(new IdatStream(out), deflater, CHUNK)) {
            for (int y = 0; y < height; y++) {
                for (int x = 0, i = y * width; x < width; x++, i++) {
                    int p = argb[i];
                    current[4 * x] = (byte) (p >> 16);
                    current[4 * x + 1] = (byte) (p >> 8);
                    current[4 * x + 2] = (byte) p;
                    current[4 * x + 3] = (byte) (p >>> 24);
                }
                z.write(bestFilter(current, previous, filtered));
                byte[] t = previous;
                previous = current;
                current = t;
            }
        } finally {
            deflater.end();
        }
        chunk(out, "IEND", new byte[0], 0);
        out.flush();
    }

    /**
     * Writes the pixels to {@code file} whole or not at all, so a reader never finds half an image and a failed
     * export leaves the earlier file in place.
     */
    public static void write(int[] argb, int width, int height, Path file) throws IOException {
        Files2.writeWhole(file, out -> write(argb, width, height, out));
    }

    /** The scanline with its filter type byte first, filtered by whichever of the four gives the least sum. */
    private static byte[] bestFilter(byte[] line, byte[] prior, byte[][] out) {
        int n = line.length;
        long best = Long.MAX_VALUE;
        int bestType = 0;
        for (int type = 0; type <= 4; type++) {
            if (type == 3) {
                continue; // Average: rarely the best for plots, skipped to save time
            }
            byte[] f = out[type];
            f[0] = (byte) type;
            long sum = 0;
            for (int i = 0; i < n; i++) {
                int a = i >= 4 ? line[i - 4] & 0xFF : 0;
                int b = prior[i] & 0xFF;
                int c = i >= 4 ? prior[i - 4] & 0xFF : 0;
                int x = line[i] & 0xFF;
                int v = switch (type) {
                    case 0 -> x;
                    case 1 -> x - a;
                    case 2 -> x - b;
                    default -> x - paeth(a, b, c);
                };
                f[i + 1] = (byte) v;
                sum += Math.abs((byte) v);
            }
            if (sum < best) {
                best = sum;
                bestType = type;
            }
        }
        return out[bestType];
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void chunk(OutputStream out, String type, byte[] data, int length) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        writeInt(out, length);
        out.write(name);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, 0, length);
        writeInt(out, (int) crc.getValue());
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    /** Collects compressed bytes and writes them as IDAT chunks of up to {@link #CHUNK} bytes. */
    private static final class IdatStream extends OutputStream {
        private final OutputStream out;
        private final byte[] buffer = new byte[CHUNK];
        private int size;

        IdatStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (size == buffer.length) {
                flushChunk();
            }
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (size == buffer.length) {
                    flushChunk();
                }
                int n = Math.min(len, buffer.length - size);
                System.arraycopy(b, off, buffer, size, n);
                size += n;
                off += n;
                len -= n;
            }
        }

        private void flushChunk() throws IOException {
            if (size > 0) {
                chunk(out, "IDAT", buffer, size);
                size = 0;
            }
        }

        @Override
        public void close() throws IOException {
            flushChunk(); // the stream it writes to stays open: IEND still follows
        }
    }
}
