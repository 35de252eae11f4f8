package dev.tensorlens.redis;

import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.ByteContent;
import dev.tensorlens.tensor.codec.Format;
import dev.tensorlens.tensor.codec.RawCodec;
import dev.tensorlens.tensor.codec.RawSpec;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.ValueContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A cached array's value read whole and decoded once (pickles are recognised, never run): as the headers it tells,
 * and as what its reads need later — its tensors, or its text items. The {@link ArrayReader} keeps one, the last.
 *
 * @param length  the value's length as read
 * @param decoded its tensors; null when it holds none
 * @param text    its items as text; null unless it is text
 */
record WholeValue(CachedArray array, long length, List<ArrayHeader> headers, DecodeResult.Decoded decoded,
                  TextItems text) {

    /** Decodes a value as its bytes tell: npy, safetensors, npz, JSON, text, … */
    static WholeValue of(CachedArray array, byte[] value, String redisType) {
        ValueContext context = new ValueContext(array.location().key(), redisType, null, null);
        return classify(array, value, Sniffer.decode(value, context));
    }

    /** Raw {@code tobytes()} with the dtype and shape its siblings gave. */
    static WholeValue raw(CachedArray array, byte[] value, RawSpec spec) {
        return classify(array, value, RawCodec.decode(value, spec));
    }

    private static WholeValue classify(CachedArray array, byte[] value, DecodeResult result) {
        String what = what(array);
        long n = value.length;
        boolean jsonObject = result.format().equals(Format.JSON.id()) && firstNonSpace(value) == '{';
        if (result instanceof DecodeResult.Decoded d && !jsonObject) {
            List<ArrayHeader> headers = new ArrayList<>(d.tensors().size());
            String note = d.notes().isEmpty() ? null : String.join("; ", d.notes());
            for (Tensor t : d.tensors()) {
                String part = d.tensors().size() == 1 && t.name().equals(Sniffer.UNNAMED) ? null : t.name();
                headers.add(ArrayHeader.tensor(array, part, d.format(), t.dtype(), t.shape(), t.fortranOrder(),
                        t.byteOrder(), n, note));
            }
            return new WholeValue(array, n, headers, d, null);
        }
        if (result instanceof DecodeResult.Opaque o) {
            return unreadable(array, n, o.format(), what + " holds " + o.description()
                    + (o.details().isEmpty() ? "" : " (" + String.join("; ", o.details()) + ")")
                    + ": described, never unpickled or deserialized.");
        }
        ByteContent content = ByteContent.of(value);
        boolean jsonOrUnknown = result.format().equals(Format.JSON.id()) || ByteContent.isUnrecognised(result);
        if (content.kind() == ByteContent.Kind.TEXT && jsonOrUnknown) {
            // JSON lists of strings, ragged lists, objects and plain text: items to list, not a tensor
            TextItems items = TextItems.of(value);
            String note = result instanceof DecodeResult.Malformed m && !ByteContent.isUnrecognised(result)
                    ? "Not a tensor: " + m.reason() + "." : null;
            return new WholeValue(array, n, List.of(ArrayHeader.text(array, items.format(), items.size(), n, note)),
                    null, items);
        }
        DecodeResult.Malformed m = (DecodeResult.Malformed) result;
        String why = ByteContent.isUnrecognised(m) ? content.notATensor(what)
                : "Not a valid " + m.format() + " value: at byte " + m.offset() + ", " + m.reason() + ".";
        return unreadable(array, n, m.format(), why);
    }

    private static WholeValue unreadable(CachedArray array, long n, String format, String why) {
        return new WholeValue(array, n, List.of(ArrayHeader.unreadable(array, null, format, n, why)), null, null);
    }

    /** The tensor of {@code header}'s part, as decoded now; null when it is not there as the header says. */
    Tensor tensorOf(ArrayHeader header) {
        if (decoded == null) {
            return null;
        }
        for (Tensor t : decoded.tensors()) {
            String part = decoded.tensors().size() == 1 && t.name().equals(Sniffer.UNNAMED) ? null : t.name();
            if (Objects.equals(part, header.part())) {
                boolean same = t.dtype() == header.dtype() && Arrays.equals(t.shape(), header.shape())
                        && t.fortranOrder() == header.fortranOrder() && t.byteOrder().equals(header.byteOrder());
                return same ? t : null;
            }
        }
        return null;
    }

    static String what(CachedArray array) {
        return array.location().hashField().map(f -> array.location().key() + " field " + f)
                .orElse(array.location().key());
    }

    private static int firstNonSpace(byte[] v) {
        for (byte b : v) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b;
            }
        }
        return -1;
    }
}
