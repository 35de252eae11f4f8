package dev.tensorlens.cli;

import dev.tensorlens.redis.ValueWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ScanCommandTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeAll
    static void connect() {
        session = redis.session();
    }

    @BeforeEach
    void empty() {
        redis.sync().flushall();
    }

    int run(String... args) {
        return run(new PrintWriter(out, true), args);
    }

    int run(PrintWriter stdout, String... args) {
        CommandLine cl = TensorlensCommand.commandLine(o -> 0);
        cl.setOut(stdout);
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    void set(byte[] key) {
        new ValueWriter(session).set(key, "v".getBytes()).join();
    }

    @Test
    void listsEveryKeyOncePerLine() {
        for (int i = 0; i < 2500; i++) {
            redis.sync().set("key:" + i, "v");
        }

        assertThat(run("scan", "--uri", redis.uri())).as(err.toString()).isZero();

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(2500).doesNotHaveDuplicates();
        assertThat(Set.copyOf(lines)).isEqualTo(IntStream.range(0, 2500).mapToObj(i -> "key:" + i).collect(Collectors.toSet()));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void matchTypeAndCount() {
        for (int i = 0; i < 50; i++) {
            redis.sync().set("model:" + i, "v");
            redis.sync().hset("model:h" + i, "f", "v");
            redis.sync().set("other:" + i, "v");
        }

        assertThat(run("scan", "--uri", redis.uri(), "--match", "model:*", "--count")).isZero();
        assertThat(out.toString()).isEqualTo("100\n");

        out.getBuffer().setLength(0);
        assertThat(run("scan", "--uri", redis.uri(), "--match", "model:*", "--type", "hash", "--count", "--json")).isZero();
        assertThat(out.toString().strip()).isEqualTo("{\"count\": 50}");

        out.getBuffer().setLength(0);
        assertThat(run("scan", "--uri", redis.uri(), "--type", "hash")).isZero();
        assertThat(out.toString().lines()).hasSize(50).allMatch(l -> l.startsWith("model:h"));
    }

    @Test
    void exactKeyWithAnEscapedStar() {
        redis.sync().set("a*b", "1");
        redis.sync().set("aXb", "2");

        assertThat(run("scan", "--uri", redis.uri(), "--match", "a\\*b")).isZero();

        assertThat(out.toString()).isEqualTo("a*b\n");
    }

    @Test
    void binaryKeysAreEscapedAndReadBackToTheSameBytes() throws Exception {
        List<byte[]> keys = List.of(new byte[] {(byte) 0xff, (byte) 0xfe, 'x'}, "tab\there".getBytes(StandardCharsets.UTF_8),
                "back\\slash".getBytes(StandardCharsets.UTF_8), "ünï∑".getBytes(StandardCharsets.UTF_8),
                new byte[] {0, 1, 2, '"'});
        keys.forEach(this::set);

        assertThat(run("scan", "--uri", redis.uri())).isZero();

        Set<ByteBuffer> printed = out.toString().lines().map(l -> ByteBuffer.wrap(Keys.bytes(l))).collect(Collectors.toSet());
        assertThat(printed).isEqualTo(keys.stream().map(ByteBuffer::wrap).collect(Collectors.toSet()));
        assertThat(out.toString()).contains("\\xff\\xfex\n").contains("ünï∑\n");

        out.getBuffer().setLength(0);
        assertThat(run("scan", "--uri", redis.uri(), "--json")).isZero();
        JsonNode array = new ObjectMapper().readTree(out.toString());
        List<ByteBuffer> fromJson = new ArrayList<>();
        array.forEach(n -> fromJson.add(ByteBuffer.wrap(Keys.bytes(n.asText()))));
        assertThat(fromJson).containsExactlyInAnyOrderElementsOf(keys.stream().map(ByteBuffer::wrap).toList());

        // a binary key given with \xNN escapes is found directly
        out.getBuffer().setLength(0);
        assertThat(run("scan", "--uri", redis.uri(), "--match", "\\xff\\xfex", "--json")).isZero();
        assertThat(out.toString().strip()).isEqualTo("[\"\\\\xff\\\\xfex\"]");
    }

    @Test
    void jsonOfManyPagesIsOneValidArray() throws Exception {
        for (int i = 0; i < 3000; i++) {
            redis.sync().set("j:" + i, "v");
        }

        assertThat(run("scan", "--uri", redis.uri(), "--json")).isZero();

        JsonNode array = new ObjectMapper().readTree(out.toString());
        assertThat(array.isArray()).isTrue();
        assertThat(array.size()).isEqualTo(3000);

        out.getBuffer().setLength(0);
        assertThat(run("scan", "--uri", redis.uri(), "--json", "--match", "none:*")).isZero();
        assertThat(out.toString().strip()).isEqualTo("[]");
    }

    @Test
    void outputStreamsPageByPage() {
        for (int i = 0; i < 5000; i++) {
            redis.sync().set("p:" + i, "v");
        }
        List<Integer> linesAtEachFlush = new ArrayList<>();
        StringBuilder seen = new StringBuilder();
        Writer recording = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                seen.append(cbuf, off, len);
            }

            @Override
            public void flush() {
                linesAtEachFlush.add((int) seen.chars().filter(c -> c == '\n').count());
            }

            @Override
            public void close() {
            }
        };

        assertThat(run(new PrintWriter(recording), "scan", "--uri", redis.uri())).isZero();

        // flushed after each page, not once at the end: several flushes with a growing number of lines
        List<Integer> distinct = linesAtEachFlush.stream().distinct().filter(n -> n > 0).toList();
        assertThat(distinct).hasSizeGreaterThan(1).isSorted();
        assertThat(distinct.get(0)).isLessThan(5000);
        assertThat(distinct.get(distinct.size() - 1)).isEqualTo(5000);
    }

    @Test
    void unreachableServerIsOneSentenceAndExitTwo() {
        assertThat(run("scan", "--uri", "redis://127.0.0.1:1")).isEqualTo(2);

        assertThat(err.toString().strip()).isEqualTo(
                "tensorlens: Connecting to 127.0.0.1:1 failed: the connection was refused: no Redis server is listening there.");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("scan", "--uri", "localhost:6379")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--uri: 'localhost:6379' is not a redis:// URI").contains("Usage: tensorlens scan");

        err.getBuffer().setLength(0);
        assertThat(run("scan", "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
        assertThat(out.toString()).isEmpty();
    }
}
