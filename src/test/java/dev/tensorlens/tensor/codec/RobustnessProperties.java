package dev.tensorlens.tensor.codec;

import com.sun.management.ThreadMXBean;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the bytes, every decoder and the sniffer give one of the three results, never an exception. */
class RobustnessProperties {

    /** Valid values of every format, which the mutations below damage. */
    static List<byte[]> seeds() {
        List<byte[]> s = new ArrayList<>();
        s.add(Fixtures.resource("arange_2x3_f4.npy"));
        s.add(Fixtures.resource("fortran_2x3_i8.npy"));
        s.add(Fixtures.resource("weights_biases.npz"));
        s.add(Fixtures.resource("stored.npz"));
        s.add(Fixtures.resource("dict_of_arrays.pkl"));
        s.add(Fixtures.torchZip());
        s.add(Fixtures.safetensors("{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"I8\",\"shape\":[1,2],\"data_offsets\":[8,10]}}",
                new byte[10]));
        s.add(Fixtures.ascii("{\"weights\": [[1.5, 2], [3, 4]], \"biases\": [1, 2]}"));
        s.add(Fixtures.ascii("np.float64(1.5)"));
        s.add(new byte[]{(byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72, 0, 3, 'F', 'o', 'o'});
        s.add(OpaqueRecognizer.LEGACY_TORCH_MAGIC.clone());
        return s;
    }

    /** The sniffer with a context, and every decoder directly. */
    static List<DecodeResult> everyDecoder(byte[] b) {
        ValueContext withFields = new ValueContext("k", "hash",
                Map.of("dtype", Fixtures.ascii("float32"), "shape", Fixtures.ascii("[2, 3]")), List.of());
        ValueContext feast = new ValueContext("k", "hash", Map.of("_ts:driver", new byte[4]), List.of());
        List<DecodeResult> r = new ArrayList<>();
        r.add(Sniffer.decode(b, ValueContext.none()));
        r.add(Sniffer.decode(b, withFields));
        r.add(Sniffer.decode(b, feast));
        r.add(NpyCodec.decode(b));
        r.add(NpzCodec.decode(b));
        r.add(SafetensorsCodec.decode(b));
        r.add(JsonCodec.decode(b));
        r.add(RawCodec.decode(b, new RawSpec(DType.FLOAT32, 2, 3)));
        r.add(RedisAiCodec.decode(List.of("dtype", "FLOAT", "shape", List.of(2L), "blob", b)));
        OpaqueRecognizer.recognize(b, feast).ifPresent(r::add);
        assertThat(Sniffer.sniff(b, withFields).format()).isNotNull();
        return r;
    }

    private static final ThreadMXBean THREADS =
            (ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * What one pass over every decoder may allocate: in proportion to the input (zip members may expand up to
     * {@link NpzCodec#EXPANSION_FACTOR} times, JSON trees take about twenty times the text) plus a fixed
     * allowance for parsers' buffers — never in proportion to a size or shape the bytes merely claim.
     */
    static long allocationBudget(byte[] b) {
        return 12L * (NpzCodec.EXPANSION_FACTOR * b.length + (1 << 20));
    }

    /**
     * The first pass over the decoders loads and initialises their classes, AssertJ's and the lambdas' (about 20 MB
     * here, once per JVM, whatever the bytes), which is no input's doing and would be counted against whichever
     * input a property happens to try first. So every decoder sees the empty value and every seed here, before
     * anything is measured; the rarer paths that mutations reach later load a few hundred KB at most, well inside
     * the fixed part of {@link #allocationBudget}.
     */
    @BeforeContainer
    static void loadTheDecodersBeforeMeasuring() {
        everyDecoder(new byte[0]);
        seeds().forEach(RobustnessProperties::everyDecoder);
    }

    /** Measures one input only: call it after {@link #loadTheDecodersBeforeMeasuring()}. */
    static void assertWellBehaved(byte[] b) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        List<DecodeResult> results = everyDecoder(b);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated decoding %d bytes", b.length).isLessThanOrEqualTo(allocationBudget(b));
        for (DecodeResult r : results) {
            assertThat(r).isInstanceOfAny(DecodeResult.Decoded.class, DecodeResult.Opaque.class,
                    DecodeResult.Malformed.class);
            if (r instanceof DecodeResult.Malformed m) {
                assertThat(m.reason()).doesNotContain("unexpected decoder failure");
            }
        }
    }

    @Property(tries = 2000)
    void randomBytesNeverThrow(@ForAll @Size(max = 300) byte[] bytes) {
        assertWellBehaved(bytes);
    }

    @Property(tries = 3000)
    void mutatedValidValuesNeverThrow(@ForAll("mutated") byte[] bytes) {
        assertWellBehaved(bytes);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        List<byte[]> seeds = seeds();
        return Arbitraries.integers().between(0, seeds.size() - 1).flatMap(i ->
                Arbitraries.longs().map(seed -> Mutations.mutate(seeds.get(i), new Random(seed))));
    }
}
