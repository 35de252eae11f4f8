package dev.tensorlens.bench;

import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.mlstate.MlStateIndex;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.MlStateCatalogue;
import dev.tensorlens.redis.RedisSession;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long the ML-state catalogue takes to walk a big keyspace that is mostly not ML state, and how soon it shows its
 * first models: a private redis-server with {@code DEBUG POPULATE N} strings plus the demo's 44 keys, walked
 * {@code rounds} times in one JVM. Not a JUnit test. Arguments: [N, default 1000000] [rounds, default 3].
 */
public final class CatalogueBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        RedisBinary binary = RedisBinary.locate(Path.of("target/redis-bin"));
        Path root = Files.createDirectories(Path.of("target/redis-servers"));
        List<String> debug = binary.versionNumber() >= 700 ? List.of("--enable-debug-command", "local") : List.of();
        try (RedisProcess server = RedisProcess.start(binary, Files.createTempDirectory(root, "catalogue-bench-"), debug)) {
            populate(server.uri(), n);
            try (RedisSession session = RedisSession.open(ConnectionProfile.fromUri(server.uri())).get(30, TimeUnit.SECONDS)) {
                DemoSeeder.seed(session).get(60, TimeUnit.SECONDS);
                System.out.printf(Locale.ROOT, "keyspace: %,d keys (%,d populated + the demo's), Redis %s%n",
                        n + DemoSeeder.KEYS.size(), n, binary.version());
                for (int r = 1; r <= rounds; r++) {
                    walk(session, r);
                }
            }
        }
    }

    private static void walk(RedisSession session, int round) throws Exception {
        long start = System.nanoTime();
        AtomicLong firstModels = new AtomicLong(-1);
        List<Long> updates = new ArrayList<>();
        MlStateCatalogue catalogue = new MlStateCatalogue(session, index -> {
            long at = System.nanoTime() - start;
            synchronized (updates) {
                updates.add(at);
            }
            if (!index.models().isEmpty()) {
                firstModels.compareAndSet(-1, at);
            }
        });
        long[] passEnds = new long[2];
        MlStateIndex index = catalogue.scan(p -> {
            if (p.passesDone() > 0 && passEnds[p.passesDone() - 1] == 0) {
                passEnds[p.passesDone() - 1] = System.nanoTime() - start;
            }
        }).result().get(10, TimeUnit.MINUTES);
        long total = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "walk %d: complete in %d ms (hashes done at %d ms, the rest at %d ms); "
                        + "first models shown after %d ms; %d updates; %d keys kept; %d models, %d cached arrays, "
                        + "%d datasets%n",
                round, total / 1_000_000, passEnds[0] / 1_000_000, passEnds[1] / 1_000_000, firstModels.get() / 1_000_000, updates.size(), catalogue.keptKeys(),
                index.models().size(), index.cachedArrays().size(), index.datasets().size());
    }

    private static void populate(String uri, int n) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("POPULATE").add(n).add("key"));
        } finally {
            client.shutdown();
        }
    }
}
