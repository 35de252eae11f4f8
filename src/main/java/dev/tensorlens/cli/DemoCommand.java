package dev.tensorlens.cli;

import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.demo.DemoServer;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.settings.AppDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tensorlens demo}: a private, filled demo server that runs until interrupted. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a private redis-server filled with demo ML state, print its URI and run until "
                + "interrupted (Ctrl+C). Nothing it holds is kept.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DemoSeeder.prepareAsync(); // trains the demo model while the server starts
        DemoServer server = DemoServer.start(AppDirs.forThisMachine().binaryCache());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "demo-server-stop"));
        int keys;
        try (RedisSession session = RedisSession.open(server.profile()).join()) {
            keys = DemoSeeder.seed(session).join();
        }
        out.println(server.uri());
        out.println("Demo server: Redis " + server.version() + ", " + keys + " keys. Press Ctrl+C to stop it.");
        out.flush();
        stopped.await();
        return 0;
    }
}
