package dev.tensorlens.tensor.codec;

import java.util.Arrays;
import java.util.Random;

/** Damage a valid value the way corruption and hostile writers do: flip, insert, delete, truncate, change numbers. */
final class Mutations {

    private static final long[] INTERESTING = {0, 1, -1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFFFFFFL, 0xFFFFFFFFL,
            Long.MAX_VALUE, Long.MIN_VALUE, 100_000_001, 10_001, 1L << 40};

    private Mutations() {
    }

    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int rounds = 1 + r.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            b = once(b, r);
        }
        return b;
    }

    private static byte[] once(byte[] b, Random r) {
        if (b.length == 0) {
            return new byte[]{(byte) r.nextInt()};
        }
        int at = r.nextInt(b.length);
        switch (r.nextInt(7)) {
            case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
            case 1 -> b[at] = (byte) r.nextInt();
            case 2 -> { // insert
                byte[] n = new byte[b.length + 1];
                System.arraycopy(b, 0, n, 0, at);
                n[at] = (byte) r.nextInt();
                System.arraycopy(b, at, n, at + 1, b.length - at);
                return n;
            }
            case 3 -> { // delete
                byte[] n = new byte[b.length - 1];
                System.arraycopy(b, 0, n, 0, at);
                System.arraycopy(b, at + 1, n, at, b.length - at - 1);
                return n;
            }
            case 4 -> {
                return Arrays.copyOf(b, at);
            }
            case 5 -> { // overwrite a little-endian number with an interesting value (lengths, counts, offsets)
                long v = INTERESTING[r.nextInt(INTERESTING.length)];
                int width = new int[]{2, 4, 8}[r.nextInt(3)];
                for (int k = 0; k < width && at + k < b.length; k++) {
                    b[at + k] = (byte) (v >>> (8 * k));
                }
            }
            default -> { // change a decimal digit in a text header (shapes, offsets)
                for (int k = 0; k < b.length; k++) {
                    int j = (at + k) % b.length;
                    if (b[j] >= '0' && b[j] <= '9') {
                        b[j] = (byte) ('0' + r.nextInt(10));
                        if (r.nextBoolean()) {
                            byte[] digits = Long.toString(Math.abs(r.nextLong())).getBytes();
                            byte[] n = new byte[b.length + digits.length];
                            System.arraycopy(b, 0, n, 0, j);
                            System.arraycopy(digits, 0, n, j, digits.length);
                            System.arraycopy(b, j, n, j + digits.length, b.length - j);
                            return n;
                        }
                        break;
                    }
                }
            }
        }
        return b;
    }
}
