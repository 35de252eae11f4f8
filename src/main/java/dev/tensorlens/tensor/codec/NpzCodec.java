package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.DecodeResult.Decoded;
import dev.tensorlens.tensor.DecodeResult.Malformed;
import dev.tensorlens.tensor.DecodeResult.Opaque;
import dev.tensorlens.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NumPy {@code .npz}: a zip of {@code .npy} members (numpy.savez / savez_compressed), stored or deflated. Each
 * member becomes a tensor named after the member without {@code .npy}. Decompression is capped in proportion to
 * the input so a small value can never make the app allocate gigabytes.
 */
public final class NpzCodec {

    /** Uncompressed bytes allowed per input byte; deflate's best real ratio is about 1032:1, numpy data far less. */
    public static final long EXPANSION_FACTOR = 64;
    /** Never more than this in total, whatever the input size. */
    public static final long ABSOLUTE_CAP = 256L << 20;

    private NpzCodec() {
    }

    /** The most uncompressed bytes (all members together) an archive of {@code inputLength} bytes may expand to. */
    public static long capFor(long inputLength) {
        return Math.min(ABSOLUTE_CAP, Math.max(inputLength, 1) * EXPANSION_FACTOR);
    }

    public static DecodeResult decode(byte[] bytes) {
        return Guard.run(Format.NPZ, () -> decodeChecked(bytes));
    }

    /** Member names of the archive, or an empty list when it is not a readable zip. */
    public static List<String> memberNames(byte[] bytes) {
        try {
            return ZipDirectory.read(bytes).stream().map(ZipDirectory.Entry::name).toList();
        } catch (ZipDirectory.ZipException | RuntimeException e) {
            return List.of();
        }
    }

    private static DecodeResult decodeChecked(byte[] b) {
        String fmt = Format.NPZ.id();
        List<ZipDirectory.Entry> entries;
        try {
            entries = ZipDirectory.read(b);
        } catch (ZipDirectory.ZipException e) {
            return new Malformed(fmt, e.offset, e.getMessage());
        }
        long budget = capFor(b.length);
        long declared = 0;
        for (ZipDirectory.Entry e : entries) {
            declared += Math.max(0, Math.min(e.uncompressedSize(), ABSOLUTE_CAP + 1));
            if (e.uncompressedSize() < 0 || declared > budget) {
                return new Malformed(fmt, e.localHeaderOffset(), "members declare more than " + budget
                        + " uncompressed bytes, over the limit of " + EXPANSION_FACTOR
                        + "× the input (a zip bomb?)");
            }
        }
        List<Tensor> tensors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long used = 0;
        for (ZipDirectory.Entry e : entries) {
            if (e.name().endsWith("/")) {
                continue; // a directory entry
            }
            byte[] member;
            try {
                member = ZipDirectory.extract(b, e, budget - used);
            } catch (ZipDirectory.ZipException ex) {
                return new Malformed(fmt, ex.offset, ex.getMessage());
            }
            used += member.length;
            String name = e.name().endsWith(".npy") ? e.name().substring(0, e.name().length() - 4) : e.name();
            DecodeResult r = NpyCodec.decode(member, name);
            if (r instanceof Decoded d) {
                tensors.addAll(d.tensors());
                d.notes().forEach(n -> notes.add(name + ": " + n));
            } else if (r instanceof Opaque o) {
                notes.add(name + ": " + o.description());
            } else if (r instanceof Malformed m) {
                return new Malformed(fmt, e.localHeaderOffset(),
                        "member " + e.name() + " is not a valid .npy: " + m.reason() + " (at byte " + m.offset()
                                + " of the member)");
            }
        }
        if (tensors.isEmpty() && notes.isEmpty()) {
            return new Malformed(fmt, 0, "the zip holds no .npy members");
        }
        return new Decoded(fmt, tensors, Map.of(), notes);
    }
}
