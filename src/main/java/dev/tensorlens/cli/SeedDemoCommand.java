package dev.tensorlens.cli;

import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.RedisSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code tensorlens seed-demo}: the demo's ML state written into a server the user chose. */
@Command(name = "seed-demo", mixinStandardHelpOptions = true,
        description = "Write the demo's ML state (a trained model's checkpoints, cached batches, dataset splits, "
                + "malformed and pickled values) into a server, replacing the demo's keys if they exist.")
public final class SeedDemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOption server;

    @Override
    public Integer call() {
        ConnectionProfile profile = server.profile();
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        DemoSeeder.prepareAsync(); // trains while the connection opens
        int keys;
        try (RedisSession session = RedisSession.open(profile).join()) {
            keys = DemoSeeder.seed(session).join();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        for (String key : DemoSeeder.KEYS) {
            out.println(key);
        }
        out.printf("Wrote %d demo keys to %s in %d ms.%n", keys, profile.target(), millis);
        out.flush();
        return 0;
    }
}
