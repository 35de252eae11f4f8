package dev.tensorlens.redis;

import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.mlstate.LayoutRecognizer;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.mlstate.TensorRef;
import dev.tensorlens.support.CommandStats;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.NpyCodec;
import dev.tensorlens.tensor.stats.StatsAccumulator;
import dev.tensorlens.tensor.stats.TensorStats;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.tensor.write.RawBytes;
import dev.tensorlens.tensor.write.SafetensorsWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The Data view's reader against a real server: headers from the fewest bytes, pages in C order read by GETRANGE of
 * just their bytes (counted in the server's {@code INFO commandstats}), values Redis cannot range-read read whole once
 * and kept, lists of samples, text, streams in bounded memory, and what is malformed, too large or changed said in
 * words.
 */
class ArrayReaderTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;
    static ExecutorService decoderThread;
    static ArrayReader reader;

    @BeforeAll
    static void start() {
        session = redis.session();
        decoderThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-decoder"));
        reader = new ArrayReader(session, decoderThread);
    }

    @AfterAll
    static void stop() {
        decoderThread.shutdownNow();
    }

    @Test
    void aMiddlePageOfAnNpyStringIsExactlyItsBytesByGetrange() throws Exception {
        float[] x = new float[100 * 7];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.5f - 3;
        }
        set("cache:x:normalized", NpyWriter.float32(new long[] {100, 7}, x));
        ArrayReader inKilobytes = new ArrayReader(session, decoderThread, 1024, ArrayReader.WHOLE_VALUE_MAX_BYTES);
        ArrayHeader h = single(inKilobytes, string("cache:x:normalized"));
        assertThat(h.kind()).isEqualTo(ArrayHeader.Kind.TENSOR);
        assertThat(h.format()).isEqualTo("npy");
        assertThat(h.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(h.shape()).containsExactly(100, 7);
        assertThat(h.rows()).isEqualTo(100);
        assertThat(h.columns()).isEqualTo(7);
        assertThat(h.rangeReadable()).isTrue();
        assertThat(h.dataBytes()).isEqualTo(2800);

        redis.sync().configResetstat();
        List<Long> progress = new CopyOnWriteArrayList<>();
        Tensor rows = inKilobytes.read(h, 40 * 7, new long[] {10, 7}, (done, total) -> progress.add(done))
                .get(10, TimeUnit.SECONDS);

        // numpy: x.reshape(-1, 7)[40:50]
        assertThat(rows.shape()).containsExactly(10, 7);
        for (int i = 0; i < 70; i++) {
            assertThat(rows.getDouble(i)).isEqualTo(x[280 + i]);
        }
        Map<String, Long> sent = CommandStats.read(redis.sync());
        sent.remove("config|resetstat");
        sent.remove("config");
        assertThat(sent).as("only GETRANGE of the page's 280 bytes: one chunk").containsOnly(Map.entry("getrange", 1L));
        assertThat(progress).containsExactly(280L);
    }

    @Test
    void numpysFortranOrderFixturesComeBackInCOrder() throws Exception {
        set("cache:f:ints", fixture("tensor/codec/fortran_2x3_i8.npy"));
        set("cache:f:be", fixture("cli/inspect/fortran_be_f64.npy"));

        ArrayHeader ints = single(reader, string("cache:f:ints"));
        assertThat(ints.fortranOrder()).isTrue();
        assertThat(ints.rangeReadable()).as("column-major: a row is not one range").isFalse();
        Tensor all = reader.read(ints, 0, new long[] {2, 3}, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS);
        assertThat(all.fortranOrder()).isFalse();
        assertThat(values(all)).containsExactly(0, 1, 2, 3, 4, 5); // np.arange(6).reshape(2, 3)

        ArrayHeader be = single(reader, string("cache:f:be"));
        assertThat(be.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
        Tensor row1 = reader.read(be, 4, new long[] {1, 4}, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS);
        Tensor numpy = ((DecodeResult.Decoded) NpyCodec.decode(fixture("cli/inspect/fortran_be_f64.npy"))).tensors().get(0);
        for (int c = 0; c < 4; c++) {
            assertThat(row1.getDouble(c)).isEqualTo(numpy.getDouble(numpy.storageIndex(1, c)));
        }
        assertThat(row1.getDouble(0)).isCloseTo(4.45421181, within(1e-8));
    }

    @Test
    void aRawUint8HashAsStorageMdWritesItIsReadWholeOnceAndKept() throws Exception {
        byte[] images = new byte[32 * 28 * 28];
        new Random(7).nextBytes(images);
        hset("cache:digits:batch:0:raw", Map.of("data", images, "dtype", b("uint8"), "shape", b("[32, 28, 28]")));
        hset("cache:small:raw", Map.of("data", RawBytes.float32(new float[] {1, 2, 3, 4, 5, 6}), "dtype", b("<f4"),
                "shape", b("(2, 3)"), "order", b("F")));
        CachedArray batch = hashArrays("cache:digits:batch:0:raw", "data", "dtype", "shape").get(0);

        ArrayHeader h = single(reader, batch);
        assertThat(h.format()).isEqualTo("raw");
        assertThat(h.dtype()).isEqualTo(DType.UINT8);
        assertThat(h.shape()).containsExactly(32, 28, 28);
        assertThat(h.rangeReadable()).as("a hash field has no range read").isFalse();
        assertThat(h.rows()).isEqualTo(32 * 28);

        long hgets = CommandStats.calls(redis.sync(), "hget");
        Tensor three = reader.read(h, 3 * 784, new long[] {2, 28, 28}, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS);
        Tensor last = reader.read(h, 31 * 784, new long[] {1, 28, 28}, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS);
        assertThat(CommandStats.calls(redis.sync(), "hget") - hgets).as("read whole once, then kept").isEqualTo(1);
        for (int i = 0; i < 2 * 784; i++) {
            assertThat((int) three.getDouble(i)).isEqualTo(images[3 * 784 + i] & 0xFF);
        }
        assertThat((int) last.getDouble(783)).isEqualTo(images[images.length - 1] & 0xFF);

        ArrayHeader small = single(reader, hashArrays("cache:small:raw", "data", "dtype", "shape", "order").get(0));
        assertThat(small.fortranOrder()).isTrue();
        assertThat(values(reader.read(small, 0, new long[] {2, 3}, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS)))
                .as("numpy: np.frombuffer(data, '<f4').reshape((2, 3), order='F')").containsExactly(1, 3, 5, 2, 4, 6);
        reader.read(h, 0, new long[] {1, 28, 28}, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS);
        assertThat(CommandStats.calls(redis.sync(), "hget") - hgets).as("another array read between: dropped")
                .isEqualTo(3);
    }

    @Test
    void aPreprocessedDataHashOfJsonFields() throws Exception {
        redis.sync().hset("preprocessed_data", Map.of("features", "[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]",
                "labels", "[0, 1, 0]", "note", "[\"scaled\", \"to unit range\"]"));
        List<CachedArray> arrays = hashArrays("preprocessed_data", "features", "labels", "note");

        ArrayHeader features = single(reader, arrays.get(0));
        ArrayHeader labels = single(reader, arrays.get(1));
        ArrayHeader note = single(reader, arrays.get(2));
        assertThat(features.format()).isEqualTo("json");
        assertThat(features.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(features.shape()).containsExactly(3, 2);
        assertThat(labels.dtype()).isEqualTo(DType.INT64);
        assertThat(labels.rows()).isEqualTo(3);
        assertThat(labels.columns()).isEqualTo(1);
        assertThat(note.kind()).as("a JSON list of strings").isEqualTo(ArrayHeader.Kind.TEXT);

        assertThat(values(reader.read(features, 2, new long[] {2, 2}, TensorLoader.Progress.NONE)
                .get(10, TimeUnit.SECONDS))).containsExactly(0.3, 0.4, 0.5, 0.6);
        assertThat(values(reader.read(labels, 0, new long[] {3}, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS)))
                .containsExactly(0, 1, 0);
        assertThat(reader.text(note, 0, 10).get(10, TimeUnit.SECONDS))
                .isEqualTo(new ArrayReader.TextPage(2, List.of("scaled", "to unit range")));
    }

    @Test
    void aListOfNpySamplesIsABatchReadByTheItemsAPageCoversAndADifferingItemSaysSo() throws Exception {
        List<byte[]> items = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            float[] v = new float[6];
            for (int i = 0; i < 6; i++) {
                v[i] = s * 10 + i;
            }
            items.add(NpyWriter.float32(new long[] {2, 3}, v));
        }
        rpush("cache:samples", items);

        ArrayHeader h = single(reader, list("cache:samples"));
        assertThat(h.shape()).containsExactly(5, 2, 3);
        assertThat(h.format()).isEqualTo("npy");
        assertThat(h.rangeReadable()).isTrue();
        Tensor across = reader.read(h, 4, new long[] {2, 3}, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS);
        assertThat(values(across)).containsExactly(4, 5, 10, 11, 12, 13);

        rpush("cache:samples", List.of(NpyWriter.float32(new long[] {3}, new float[] {1, 2, 3})));
        ArrayHeader now = single(reader, list("cache:samples"));
        assertThat(now.shape()).as("judged by its first item").containsExactly(6, 2, 3);
        assertThat(values(reader.read(now, 24, new long[] {6}, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS)))
                .containsExactly(40, 41, 42, 43, 44, 45);
        assertThatThrownBy(() -> reader.read(now, 30, new long[] {6}, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(RedisOperationException.class).rootCause()
                .hasMessage("Item 5 of the list cache:samples is npy float32 (3,), unlike its first item "
                        + "(npy float32 (2, 3)): the samples of a batch must be alike, so this read stops here.");
    }

    @Test
    void npyInAHashFieldHasItsHeaderReadOnTheServerAndItsValuesReadWholeOnlyWhenAsked() throws Exception {
        hset("cache:emb", Map.of("train", NpyWriter.float32(new long[] {3, 4}, new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
                10, 11}), "test", NpyWriter.float32(new long[] {1, 4}, new float[4])));
        CachedArray train = hashArrays("cache:emb", "test", "train").get(1);
        long evals = CommandStats.calls(redis.sync(), "eval");
        long hgets = CommandStats.calls(redis.sync(), "hget");

        ArrayHeader h = single(reader, train);
        assertThat(h.array().label()).isEqualTo("train");
        assertThat(h.shape()).containsExactly(3, 4);
        assertThat(h.rangeReadable()).isFalse();
        assertThat(CommandStats.calls(redis.sync(), "eval") - evals).as("its head, read on the server").isEqualTo(1);
        assertThat(CommandStats.calls(redis.sync(), "hget") - hgets).as("the script's own HGET alone").isEqualTo(1);
        assertThat(values(reader.read(h, 4, new long[] {2, 4}, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS)))
                .containsExactly(4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(CommandStats.calls(redis.sync(), "hget") - hgets).as("and one whole read").isEqualTo(2);
    }

    @Test
    void jsonListsOfNumbersAreTensorsAndOtherJsonIsText() throws Exception {
        set("cache:json:matrix", b("[[1, 2.5], [3, 4]]"));
        set("cache:json:ragged", b("[[1, 2], [3]]"));
        set("cache:json:object", b("{\"mean\": [0.1, 0.2], \"std\": 0.3}"));
        rpush("cache:json:samples", List.of(b("[0, 1]"), b("[0.5, 1.5]")));
        rpush("cache:json:tokens", List.of(b("[101, 7, 9]"), b("[101, 4]"), b("[101, 8, 2, 5]")));

        ArrayHeader matrix = single(reader, string("cache:json:matrix"));
        assertThat(matrix.format()).isEqualTo("json");
        assertThat(matrix.shape()).containsExactly(2, 2);
        assertThat(matrix.rangeReadable()).isFalse();
        assertThat(values(reader.read(matrix, 2, new long[] {1, 2}, TensorLoader.Progress.NONE)
                .get(10, TimeUnit.SECONDS))).containsExactly(3, 4);

        ArrayHeader ragged = single(reader, string("cache:json:ragged"));
        assertThat(ragged.kind()).isEqualTo(ArrayHeader.Kind.TEXT);
        assertThat(ragged.note()).contains("ragged");
        assertThat(reader.text(ragged, 0, 5).get(10, TimeUnit.SECONDS).items()).containsExactly("[1, 2]", "[3]");

        ArrayHeader object = single(reader, string("cache:json:object"));
        assertThat(object.kind()).isEqualTo(ArrayHeader.Kind.TEXT);
        assertThat(reader.text(object, 0, 10).get(10, TimeUnit.SECONDS).items())
                .containsExactly("{", "  \"mean\" : [ 0.1, 0.2 ],", "  \"std\" : 0.3", "}");

        ArrayHeader samples = single(reader, list("cache:json:samples"));
        assertThat(samples.dtype()).as("JSON numbers as float64, however each item is written").isEqualTo(DType.FLOAT64);
        assertThat(values(reader.read(samples, 0, new long[] {2, 2}, TensorLoader.Progress.NONE)
                .get(10, TimeUnit.SECONDS))).containsExactly(0, 1, 0.5, 1.5);

        ArrayHeader tokens = single(reader, list("cache:json:tokens"));
        assertThat(tokens.kind()).as("token ids of different lengths are no batch").isEqualTo(ArrayHeader.Kind.TEXT);
        assertThat(reader.text(tokens, 1, 5).get(10, TimeUnit.SECONDS).items()).containsExactly("[101, 4]",
                "[101, 8, 2, 5]");
    }

    @Test
    void listsOfStringsAndTextValuesAreText() throws Exception {
        rpush("cache:digits:recent-batches", List.of(b("cache:digits:batch:0:normalized"),
                b("cache:digits:batch:1:normalized"), b("cache:digits:batch:2:normalized")));
        set("cache:readme", b("line one\r\nline two\n\nline four\n"));

        ArrayHeader names = single(reader, list("cache:digits:recent-batches"));
        assertThat(names.kind()).isEqualTo(ArrayHeader.Kind.TEXT);
        assertThat(names.rows()).isEqualTo(3);
        assertThat(reader.text(names, 1, 5).get(10, TimeUnit.SECONDS)).isEqualTo(new ArrayReader.TextPage(3,
                List.of("cache:digits:batch:1:normalized", "cache:digits:batch:2:normalized")));

        ArrayHeader readme = single(reader, string("cache:readme"));
        assertThat(readme.kind()).isEqualTo(ArrayHeader.Kind.TEXT);
        assertThat(reader.text(readme, 0, 10).get(10, TimeUnit.SECONDS).items())
                .containsExactly("line one", "line two", "", "line four");
        assertThatThrownBy(() -> reader.read(readme, 0, new long[] {1}, TensorLoader.Progress.NONE).join())
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSafetensorsValueOfTwoTensorsGivesOneHeaderEachReadByRange() throws Exception {
        set("cache:st", new SafetensorsWriter().metadata("epoch", "3")
                .addFloat32("features", new long[] {2, 2}, new float[] {1, 2, 3, 4})
                .addInt32("labels", new long[] {2}, new int[] {7, 9}).toBytes());

        List<ArrayHeader> headers = reader.headers(string("cache:st")).get(10, TimeUnit.SECONDS);
        assertThat(headers).extracting(ArrayHeader::part).containsExactly("features", "labels");
        assertThat(headers).allSatisfy(h -> assertThat(h.rangeReadable()).isTrue());
        long gets = CommandStats.calls(redis.sync(), "get");
        assertThat(values(reader.read(headers.get(0), 2, new long[] {2}, TensorLoader.Progress.NONE)
                .get(10, TimeUnit.SECONDS))).containsExactly(3, 4);
        assertThat(values(reader.read(headers.get(1), 0, new long[] {2}, TensorLoader.Progress.NONE)
                .get(10, TimeUnit.SECONDS))).containsExactly(7, 9);
        assertThat(CommandStats.calls(redis.sync(), "get")).isEqualTo(gets);
    }

    @Test
    void malformedPickledAndGoneValuesAreUnreadableInWords() throws Exception {
        set("cache:truncated", fixture("cli/inspect/truncated.npy"));
        set("cache:pickled", fixture("cli/inspect/state.pkl"));

        ArrayHeader truncated = single(reader, string("cache:truncated"));
        assertThat(truncated.kind()).isEqualTo(ArrayHeader.Kind.UNREADABLE);
        assertThat(truncated.problem()).startsWith("Not a valid npy value: at byte 128, data is 8092 bytes but shape "
                + "(64, 32) of <f4 needs 8192 bytes");
        ArrayHeader pickled = single(reader, string("cache:pickled"));
        assertThat(pickled.kind()).isEqualTo(ArrayHeader.Kind.UNREADABLE);
        assertThat(pickled.format()).isEqualTo("pickle");
        assertThat(pickled.problem()).contains("never unpickled");
        ArrayHeader gone = single(reader, string("cache:never-written"));
        assertThat(gone.problem()).isEqualTo("The key cache:never-written no longer exists: it was removed after the "
                + "listing.");
        assertThat(gone.elementCount()).isZero();
    }

    @Test
    void aValueThatChangedSinceItsHeaderSaysSo() throws Exception {
        set("cache:changing", NpyWriter.float32(new long[] {100}, new float[100]));
        ArrayHeader h = single(reader, string("cache:changing"));
        set("cache:changing", NpyWriter.float32(new long[] {10}, new float[10]));

        assertThatThrownBy(() -> reader.read(h, 90, new long[] {10}, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS))
                .rootCause().hasMessageContaining("it changed since its header was read");
    }

    @Test
    void aWholeValueOverTheLimitIsRefusedBeforeAnyOfItIsRead() throws Exception {
        hset("cache:big:raw", Map.of("data", new byte[5000], "dtype", b("uint8"), "shape", b("[5000]")));
        ArrayReader strict = new ArrayReader(session, decoderThread, 1024, 1000);
        ArrayHeader h = single(strict, hashArrays("cache:big:raw", "data", "dtype", "shape").get(0));
        long reads = reads();

        assertThatThrownBy(() -> strict.read(h, 0, new long[] {10}, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(ValueTooLargeException.class, e -> {
                    assertThat(e.what()).isEqualTo("cache:big:raw field data");
                    assertThat(e.bytes()).isEqualTo(5000);
                    assertThat(e.limit()).isEqualTo(1000);
                });
        assertThat(reads()).isEqualTo(reads);
    }

    @Test
    void aStreamOf40MegabytesGivesTheWholesStatisticsHoldingAFewChunksAtATime() throws Exception {
        float[] v = new float[10_000_000];
        Random random = new Random(11);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        v[5] = Float.NaN;
        v[6] = 0;
        byte[] npy = NpyWriter.float32(new long[] {10_000, 1000}, v);
        set("cache:big:features", npy);
        TensorStats whole = TensorStats.of(((DecodeResult.Decoded) NpyCodec.decode(npy)).tensors().get(0));
        npy = null;
        ArrayReader inMegabytes = new ArrayReader(session, decoderThread, 1 << 20, ArrayReader.WHOLE_VALUE_MAX_BYTES);
        ArrayHeader h = single(inMegabytes, string("cache:big:features"));
        StatsAccumulator stats = new StatsAccumulator(h.dtype(), h.byteOrder());
        List<String> threads = new CopyOnWriteArrayList<>();
        AtomicLong sunk = new AtomicLong();
        AtomicLong mostAhead = new AtomicLong();
        long getrangesBefore = CommandStats.calls(redis.sync(), "getrange");

        inMegabytes.stream(h, (bytes, offset, length) -> {
            assertThat(length % 4).as("whole elements").isZero();
            threads.add(Thread.currentThread().getName());
            long chunks = sunk.incrementAndGet();
            long sent = CommandStats.calls(redis.sync(), "getrange") - getrangesBefore;
            mostAhead.accumulateAndGet(sent - chunks, Math::max);
            stats.accept(bytes, offset, length);
        }, TensorLoader.Progress.NONE).get(60, TimeUnit.SECONDS);

        TensorStats streamed = stats.result();
        assertThat(sunk.get()).isEqualTo(39); // 40,000,000 bytes in chunks of 1 MiB
        assertThat(mostAhead.get()).as("GETRANGE run ahead of the sink").isLessThanOrEqualTo(1);
        assertThat(threads).containsOnly("test-decoder");
        assertThat(streamed.count()).isEqualTo(whole.count());
        assertThat(streamed.nan()).isEqualTo(1);
        assertThat(streamed.zeros()).isEqualTo(whole.zeros());
        assertThat(streamed.min()).isEqualTo(whole.min());
        assertThat(streamed.max()).isEqualTo(whole.max());
        assertThat(streamed.mean()).isCloseTo(whole.mean(), within(1e-9));
        assertThat(streamed.std()).isCloseTo(whole.std(), within(1e-9));
        redis.sync().del("cache:big:features");
    }

    @Test
    void hashFieldsAndListsStreamTheirElementsToo() throws Exception {
        hset("cache:stream:raw", Map.of("data", RawBytes.float32(new float[] {1, 2, 3, 4, 5, 6}), "dtype",
                b("float32"), "shape", b("[2, 3]"), "order", b("F")));
        rpush("cache:stream:samples", List.of(NpyWriter.float32(new long[] {2}, new float[] {1, 2}),
                NpyWriter.float32(new long[] {2}, new float[] {3, 4}), NpyWriter.float32(new long[] {2}, new float[] {0, 6})));
        ArrayHeader raw = single(reader, hashArrays("cache:stream:raw", "data", "dtype", "shape", "order").get(0));
        ArrayHeader samples = single(reader, list("cache:stream:samples"));

        for (ArrayHeader h : List.of(raw, samples)) {
            StatsAccumulator stats = new StatsAccumulator(h.dtype(), h.byteOrder());
            reader.stream(h, stats::accept, TensorLoader.Progress.NONE).get(10, TimeUnit.SECONDS);
            TensorStats s = stats.result();
            assertThat(s.count()).isEqualTo(6);
            assertThat(s.mean()).isCloseTo(h == raw ? 3.5 : 16.0 / 6, within(1e-12));
        }
    }

    @Test
    void cancellingAStreamStopsItAfterTheChunkInFlight() throws Exception {
        set("cache:stream:long", NpyWriter.float32(new long[] {16 * 1024}, new float[16 * 1024]));
        ArrayReader inKilobytes = new ArrayReader(session, decoderThread, 1024, ArrayReader.WHOLE_VALUE_MAX_BYTES);
        ArrayHeader h = single(inKilobytes, string("cache:stream:long"));
        CompletableFuture<CompletableFuture<Void>> started = new CompletableFuture<>();
        AtomicLong chunks = new AtomicLong();
        long getranges = CommandStats.calls(redis.sync(), "getrange");

        CompletableFuture<Void> stream = inKilobytes.stream(h, (bytes, offset, length) -> {
            chunks.incrementAndGet();
            started.orTimeout(5, TimeUnit.SECONDS).join().cancel(true);
        }, TensorLoader.Progress.NONE);
        started.complete(stream);
        assertThatThrownBy(() -> stream.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        session.ping().get(10, TimeUnit.SECONDS);
        session.ping().get(10, TimeUnit.SECONDS);

        assertThat(chunks.get()).isEqualTo(1);
        assertThat(CommandStats.calls(redis.sync(), "getrange") - getranges).as("the first, and the one sent beside it")
                .isLessThanOrEqualTo(2);
    }

    @Test
    void cancellingAChunkedReadStopsIt() throws Exception {
        set("cache:chunked", NpyWriter.float32(new long[] {16 * 1024}, new float[16 * 1024]));
        ArrayReader inKilobytes = new ArrayReader(session, decoderThread, 1024, ArrayReader.WHOLE_VALUE_MAX_BYTES);
        ArrayHeader h = single(inKilobytes, string("cache:chunked"));
        List<Long> progress = new CopyOnWriteArrayList<>();
        CompletableFuture<CompletableFuture<Tensor>> started = new CompletableFuture<>();
        long getranges = CommandStats.calls(redis.sync(), "getrange");

        // as TensorLoaderTest: the server holds replies until this thread has handed the read over, and the first
        // chunk's own report cancels it, before its handler can send the next GETRANGE
        redis.sync().clientPause(300);
        CountDownLatch reported = new CountDownLatch(1);
        CompletableFuture<Tensor> read = inKilobytes.read(h, 0, new long[] {16 * 1024}, (done, total) -> {
            progress.add(done);
            started.orTimeout(5, TimeUnit.SECONDS).join().cancel(true);
            reported.countDown();
        });
        started.complete(read);
        assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
        session.ping().get(10, TimeUnit.SECONDS);
        session.ping().get(10, TimeUnit.SECONDS);

        assertThat(read).isCancelled();
        assertThat(progress).containsExactly(1024L);
        assertThat(CommandStats.calls(redis.sync(), "getrange") - getranges).as("of 64 chunks").isEqualTo(1);
    }

    // ---- helpers

    static ArrayHeader single(ArrayReader r, CachedArray array) throws Exception {
        List<ArrayHeader> headers = r.headers(array).get(10, TimeUnit.SECONDS);
        assertThat(headers).hasSize(1);
        return headers.get(0);
    }

    static CachedArray string(String key) {
        return CachedArray.wholeKey(key, RedisType.STRING);
    }

    static CachedArray list(String key) {
        return CachedArray.wholeKey(key, RedisType.LIST);
    }

    /** The cached arrays of a hash as the layout rules name them. */
    static List<CachedArray> hashArrays(String key, String... fields) {
        List<TensorRef> refs = LayoutRecognizer.tensorsOfHash(key, List.of(fields));
        return refs.stream().map(r -> CachedArray.hashField(r, refs.size() > 1)).toList();
    }

    static double[] values(Tensor t) {
        double[] v = new double[(int) t.elementCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getDouble(i);
        }
        return v;
    }

    static long reads() {
        return CommandStats.calls(redis.sync(), "get") + CommandStats.calls(redis.sync(), "getrange")
                + CommandStats.calls(redis.sync(), "hget") + CommandStats.calls(redis.sync(), "hgetall")
                + CommandStats.calls(redis.sync(), "eval") + CommandStats.calls(redis.sync(), "lrange");
    }

    static void set(String key, byte[] value) {
        session.write("SET", c -> c.set(b(key), value)).join();
    }

    static void hset(String key, Map<String, byte[]> fields) {
        Map<byte[], byte[]> raw = new LinkedHashMap<>();
        fields.forEach((f, v) -> raw.put(b(f), v));
        session.write("HSET", c -> c.hset(b(key), raw)).join();
    }

    static void rpush(String key, List<byte[]> items) {
        session.write("RPUSH", c -> c.rpush(b(key), items.toArray(byte[][]::new))).join();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fixture(String path) throws IOException {
        try (InputStream in = ArrayReaderTest.class.getResourceAsStream("/dev/tensorlens/" + path)) {
            return in.readAllBytes();
        }
    }
}
