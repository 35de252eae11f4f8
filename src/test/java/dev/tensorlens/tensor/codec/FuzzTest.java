package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Throws a fixed number of mutated and random inputs at the sniffer and every decoder, from a fixed seed: every run
 * on every machine tries the same inputs, so a failure (reported with its input number and bytes) can be replayed,
 * and a slow machine takes longer instead of trying fewer. Each decoder sees about 25,000 inputs, the sniffer
 * 50,000, a fifth of them random bytes and the rest damaged copies of a valid value of every format. The whole
 * run takes two to three seconds on the two-core build machine (more while other builds share it). The properties
 * in {@link RobustnessProperties} are the part that draws new inputs on every run.
 */
class FuzzTest {

    private static final int INPUTS = 200_000;
    /** A hang detector, not a speed test: one decode of these few hundred bytes takes microseconds. */
    private static final long SLOW_INPUT_NANOS = 1_000_000_000L;

    @Test
    void mutatedAndRandomInputsNeverThrowOrHang() {
        List<byte[]> seeds = RobustnessProperties.seeds();
        Random r = new Random(20240611);
        long start = System.nanoTime();
        int inputs = 0;
        while (inputs < INPUTS) {
            byte[] b;
            if (inputs % 5 == 0) {
                b = new byte[r.nextInt(64)];
                r.nextBytes(b);
            } else {
                b = Mutations.mutate(seeds.get(r.nextInt(seeds.size())), r);
            }
            long t0 = System.nanoTime();
            try {
                // one decoder a time keeps the count of inputs high; all of them take turns
                DecodeResult result = switch (inputs % 8) {
                    case 0, 1 -> Sniffer.decode(b, ValueContext.none());
                    case 2 -> NpyCodec.decode(b);
                    case 3 -> NpzCodec.decode(b);
                    case 4 -> SafetensorsCodec.decode(b);
                    case 5 -> JsonCodec.decode(b);
                    case 6 -> OpaqueRecognizer.recognize(b, ValueContext.none()).map(o -> (DecodeResult) o)
                            .orElse(new DecodeResult.Malformed("none", 0, "not opaque"));
                    default -> Sniffer.decode(b, Format.RAW, new RawSpec(DType.INT16, 4));
                };
                assertThat(result).isNotNull();
                if (result instanceof DecodeResult.Malformed m && m.reason().contains("unexpected decoder failure")) {
                    fail("input " + inputs + " hit the guard: " + m.reason() + " bytes=" + HexFormat.of().formatHex(b));
                }
            } catch (RuntimeException | Error e) {
                throw new AssertionError("input " + inputs + " threw, bytes=" + HexFormat.of().formatHex(b), e);
            }
            long took = System.nanoTime() - t0;
            if (took > SLOW_INPUT_NANOS && inputs > 100) { // the first inputs include JIT warm-up
                fail("input " + inputs + " took " + took / 1_000_000 + " ms: " + HexFormat.of().formatHex(b));
            }
            inputs++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fuzz: %d inputs in %.1f s%n", inputs, seconds);
    }
}
