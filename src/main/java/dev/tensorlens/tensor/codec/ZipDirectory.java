package dev.tensorlens.tensor.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The central directory of a zip archive held in memory (PKWARE APPNOTE.TXT, sections 4.3.7, 4.3.12, 4.3.16 and
 * the ZIP64 records of 4.3.14/4.3.15), read with every offset and size checked against the bytes that exist.
 * Used for .npz archives and for recognising torch.save files; entries are extracted only on request and only
 * up to a caller's cap.
 */
final class ZipDirectory {

    static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};
    private static final byte[] CENTRAL_HEADER = {'P', 'K', 1, 2};
    private static final byte[] END_OF_DIRECTORY = {'P', 'K', 5, 6};
    private static final byte[] ZIP64_LOCATOR = {'P', 'K', 6, 7};
    private static final byte[] ZIP64_END = {'P', 'K', 6, 6};
    static final int STORED = 0;
    static final int DEFLATED = 8;

    /** A problem in the archive at byte {@code offset}. */
    static final class ZipException extends Exception {
        final long offset;

        ZipException(long offset, String reason) {
            super(reason);
            this.offset = offset;
        }
    }

    /** One member as the central directory describes it. */
    record Entry(String name, int method, long compressedSize, long uncompressedSize, long localHeaderOffset) {
    }

    private ZipDirectory() {
    }

    static boolean looksLikeZip(byte[] b) {
        return Bytes.startsWith(b, LOCAL_HEADER) || Bytes.startsWith(b, END_OF_DIRECTORY);
    }

    static List<Entry> read(byte[] b) throws ZipException {
        int eocd = findEndOfDirectory(b);
        if (eocd < 0) {
            throw new ZipException(b.length, "no end-of-central-directory record: the zip is truncated or not a zip");
        }
        long count = Bytes.u16le(b, eocd + 10);
        long dirOffset = Bytes.u32le(b, eocd + 16);
        if (count == 0xFFFF || dirOffset == 0xFFFFFFFFL) {
            int locator = eocd - 20;
            if (!Bytes.startsWith(b, Math.max(locator, 0), ZIP64_LOCATOR) || locator < 0) {
                throw new ZipException(eocd, "ZIP64 sizes without a ZIP64 end-of-directory locator");
            }
            long end64 = Bytes.u64le(b, locator + 8);
            if (!Bytes.has(b, end64, 56) || !Bytes.startsWith(b, (int) end64, ZIP64_END)) {
                throw new ZipException(locator, "ZIP64 end-of-directory record is not where the locator points");
            }
            count = Bytes.u64le(b, (int) end64 + 32);
            dirOffset = Bytes.u64le(b, (int) end64 + 48);
        }
        // each central header is at least 46 bytes: a count beyond that is a lie, refuse before looping
        if (count < 0 || dirOffset < 0 || dirOffset > b.length || count > (b.length - dirOffset) / 46) {
            throw new ZipException(eocd, "central directory of " + count + " entries at " + dirOffset
                    + " does not fit in the " + b.length + " bytes");
        }
        List<Entry> entries = new ArrayList<>();
        int at = (int) dirOffset;
        for (long i = 0; i < count; i++) {
            if (!Bytes.has(b, at, 46) || !Bytes.startsWith(b, at, CENTRAL_HEADER)) {
                throw new ZipException(at, "central directory entry " + i + " is missing");
            }
            int method = Bytes.u16le(b, at + 10);
            long csize = Bytes.u32le(b, at + 20);
            long usize = Bytes.u32le(b, at + 24);
            int nameLength = Bytes.u16le(b, at + 28);
            int extraLength = Bytes.u16le(b, at + 30);
            int commentLength = Bytes.u16le(b, at + 32);
            long localOffset = Bytes.u32le(b, at + 42);
            if (!Bytes.has(b, at + 46L, (long) nameLength + extraLength + commentLength)) {
                throw new ZipException(at, "central directory entry " + i + " runs past the end");
            }
            String name = new String(b, at + 46, nameLength, StandardCharsets.UTF_8);
            // ZIP64 extended information (APPNOTE 4.5.3): only the fields that are 0xFFFFFFFF, in this order
            int extra = at + 46 + nameLength;
            int extraEnd = extra + extraLength;
            while (extra + 4 <= extraEnd) {
                int id = Bytes.u16le(b, extra);
                int size = Bytes.u16le(b, extra + 2);
                int field = extra + 4;
                if (field + size > extraEnd) {
                    break;
                }
                if (id == 0x0001) {
                    int end = field + size;
                    if (usize == 0xFFFFFFFFL && field + 8 <= end) {
                        usize = Bytes.u64le(b, field);
                        field += 8;
                    }
                    if (csize == 0xFFFFFFFFL && field + 8 <= end) {
                        csize = Bytes.u64le(b, field);
                        field += 8;
                    }
                    if (localOffset == 0xFFFFFFFFL && field + 8 <= end) {
                        localOffset = Bytes.u64le(b, field);
                    }
                }
                extra += 4 + size;
            }
            entries.add(new Entry(name, method, csize, usize, localOffset));
            at += 46 + nameLength + extraLength + commentLength;
        }
        return entries;
    }

    /** Where the entry's data starts, after its local header; checked to lie inside the archive. */
    static int dataStart(byte[] b, Entry e) throws ZipException {
        long lho = e.localHeaderOffset();
        if (!Bytes.has(b, lho, 30) || !Bytes.startsWith(b, (int) lho, LOCAL_HEADER)) {
            throw new ZipException(Math.max(0, Math.min(lho, b.length)), "local header of " + e.name() + " is missing");
        }
        long start = lho + 30 + Bytes.u16le(b, (int) lho + 26) + Bytes.u16le(b, (int) lho + 28);
        if (!Bytes.has(b, start, e.compressedSize())) {
            throw new ZipException(lho, "data of " + e.name() + " (" + e.compressedSize()
                    + " bytes) runs past the end of the archive");
        }
        return (int) start;
    }

    /**
     * The uncompressed bytes of an entry, refusing (before and while inflating) anything above {@code cap}
     * bytes: the declared size is checked first, and the actual output is counted because a zip bomb lies.
     */
    static byte[] extract(byte[] b, Entry e, long cap) throws ZipException {
        int start = dataStart(b, e);
        if (e.uncompressedSize() < 0 || e.uncompressedSize() > cap) {
            throw new ZipException(e.localHeaderOffset(), e.name() + " declares " + Long.toUnsignedString(e.uncompressedSize())
                    + " uncompressed bytes, over the limit of " + cap + " (a zip bomb?)");
        }
        int csize = (int) e.compressedSize();
        if (e.method() == STORED) {
            if (e.compressedSize() != e.uncompressedSize()) {
                throw new ZipException(e.localHeaderOffset(), e.name() + " is stored but its sizes differ");
            }
            byte[] out = new byte[csize];
            System.arraycopy(b, start, out, 0, csize);
            return out;
        }
        if (e.method() != DEFLATED) {
            throw new ZipException(e.localHeaderOffset(), e.name() + " uses compression method " + e.method()
                    + "; only stored (0) and deflated (8) are supported");
        }
        Inflater inflater = new Inflater(true); // zip members are raw deflate streams
        try {
            inflater.setInput(b, start, csize);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(e.uncompressedSize(), 1 << 20));
            byte[] chunk = new byte[64 * 1024];
            long total = 0;
            int idleRounds = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0) {
                    // no progress: input exhausted, a preset dictionary wanted, or (never seen) a stuck inflater
                    if (inflater.needsInput() || inflater.needsDictionary() || ++idleRounds > 2) {
                        throw new ZipException(start, "deflated data of " + e.name() + " is truncated");
                    }
                    continue;
                }
                idleRounds = 0;
                total += n;
                if (total > cap || total > e.uncompressedSize()) {
                    throw new ZipException(e.localHeaderOffset(), e.name() + " inflates to more than "
                            + Math.min(cap, e.uncompressedSize()) + " bytes (declared " + e.uncompressedSize()
                            + ", limit " + cap + "): a zip bomb?");
                }
                out.write(chunk, 0, n);
            }
            if (total != e.uncompressedSize()) {
                throw new ZipException(e.localHeaderOffset(), e.name() + " inflates to " + total
                        + " bytes but declares " + e.uncompressedSize());
            }
            return out.toByteArray();
        } catch (DataFormatException ex) {
            throw new ZipException(start, "deflated data of " + e.name() + " is corrupt: " + ex.getMessage());
        } finally {
            inflater.end();
        }
    }

    private static int findEndOfDirectory(byte[] b) {
        // the record is 22 bytes plus a comment of at most 65535 bytes at the very end
        int lowest = Math.max(0, b.length - 22 - 65535);
        for (int at = b.length - 22; at >= lowest; at--) {
            if (Bytes.startsWith(b, at, END_OF_DIRECTORY) && at + 22L + Bytes.u16le(b, at + 20) <= b.length) {
                return at;
            }
        }
        return -1;
    }
}
