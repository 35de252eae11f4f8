package dev.tensorlens.demo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-assembled pickle bytes (opcodes from CPython's {@code Lib/pickletools.py}), so the demo has the values
 * people store with {@code pickle.dumps} without running Python: protocol 4, one FRAME, and GLOBALs naming the
 * classes a reader must never import. Nothing here is meant to be unpickled by Tensorlens — only recognised.
 */
final class PickleBytes {

    private static final int PROTO = 0x80;
    private static final int FRAME = 0x95;
    private static final int GLOBAL = 'c';
    private static final int EMPTY_TUPLE = ')';
    private static final int REDUCE = 'R';
    private static final int MARK = '(';
    private static final int TUPLE = 't';
    private static final int TUPLE1 = 0x85;
    private static final int SETITEMS = 'u';
    private static final int BINPERSID = 'Q';
    private static final int BININT1 = 'K';
    private static final int BININT = 'J';
    private static final int NEWFALSE = 0x89;
    private static final int SHORT_BINUNICODE = 0x8c;
    private static final int MEMOIZE = 0x94;
    private static final int EMPTY_DICT = '}';
    private static final int BINFLOAT = 'G';
    private static final int STOP = '.';

    private PickleBytes() {
    }

    /**
     * What {@code pickle.dumps(model.state_dict(), protocol=4)} looks like in shape: an {@code OrderedDict} of
     * tensors rebuilt by {@code torch._utils._rebuild_tensor_v2} from persistent storage ids. The storages are
     * persistent ids (as inside torch.save's data.pkl), so the bytes cannot rebuild tensors even if unpickled.
     */
    static byte[] torchStateDict(String[] names, int[] sizes) {
        Body b = new Body();
        b.global("collections", "OrderedDict").op(EMPTY_TUPLE).op(REDUCE).op(MEMOIZE).op(MARK);
        for (int i = 0; i < names.length; i++) {
            b.string(names[i]);
            b.global("torch._utils", "_rebuild_tensor_v2");
            b.op(MARK);
            // persistent id: ('storage', torch.FloatStorage, key, 'cpu', numel)
            b.op(MARK).string("storage").global("torch", "FloatStorage").string(Integer.toString(i)).string("cpu")
                    .integer(sizes[i]).op(TUPLE).op(BINPERSID);
            b.int1(0); // storage offset
            b.integer(sizes[i]).op(TUPLE1); // size (flattened: the storage's element count)
            b.int1(1).op(TUPLE1); // stride
            b.op(NEWFALSE); // requires_grad
            b.global("collections", "OrderedDict").op(EMPTY_TUPLE).op(REDUCE); // backward hooks
            b.op(TUPLE).op(REDUCE);
        }
        b.op(SETITEMS);
        return b.framed();
    }

    /** {@code pickle.dumps({"mean": …, "std": …, "epoch": …}, protocol=4)}: a plain dict, the harmless kind. */
    static byte[] plainDict(double mean, double std, int epoch) {
        Body b = new Body();
        b.op(EMPTY_DICT).op(MEMOIZE).op(MARK);
        b.string("mean").op(BINFLOAT).float64(mean);
        b.string("std").op(BINFLOAT).float64(std);
        b.string("epoch").int1(epoch);
        b.op(SETITEMS);
        return b.framed();
    }

    /** The opcodes between the frame header and STOP. */
    private static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body op(int opcode) {
            out.write(opcode);
            return this;
        }

        /** GLOBAL takes "module\nname\n" as text, the form every protocol can read. */
        Body global(String module, String name) {
            out.write(GLOBAL);
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Body string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > 255) {
                throw new IllegalArgumentException("SHORT_BINUNICODE holds at most 255 bytes");
            }
            out.write(SHORT_BINUNICODE);
            out.write(utf8.length);
            out.writeBytes(utf8);
            return op(MEMOIZE);
        }

        Body int1(int v) {
            out.write(BININT1);
            out.write(v);
            return this;
        }

        /** The shortest form, as pickle writes it: BININT1 below 256, else BININT (signed 4-byte little-endian). */
        Body integer(int v) {
            if (v >= 0 && v < 256) {
                return int1(v);
            }
            out.write(BININT);
            for (int i = 0; i < 4; i++) {
                out.write(v >>> (8 * i));
            }
            return this;
        }

        /** BINFLOAT's argument is big-endian, unlike the rest of pickle. */
        Body float64(double v) {
            long bits = Double.doubleToLongBits(v);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >>> (8 * i)));
            }
            return this;
        }

        /** PROTO 4, then one FRAME holding the body and STOP (the frame's length is little-endian u64). */
        byte[] framed() {
            out.write(STOP);
            byte[] body = out.toByteArray();
            ByteArrayOutputStream file = new ByteArrayOutputStream(body.length + 11);
            file.write(PROTO);
            file.write(4);
            file.write(FRAME);
            for (int i = 0; i < 8; i++) {
                file.write((int) ((long) body.length >>> (8 * i)));
            }
            file.writeBytes(body);
            return file.toByteArray();
        }
    }
}
