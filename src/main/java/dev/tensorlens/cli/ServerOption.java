package dev.tensorlens.cli;

import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.RedisErrors;
import dev.tensorlens.redis.RedisSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.CompletionException;

/**
 * The {@code --uri} option of every command that talks to a server (a picocli mixin), read into a profile; a
 * malformed URI is a usage error (exit 2) that names the option. {@link #withSession} is the connect, work, close and
 * error translation the listing commands share.
 */
final class ServerOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--uri", paramLabel = "URI", defaultValue = "redis://127.0.0.1:6379",
            description = "The server: redis://, rediss:// or redis-sentinel://…#master; a cluster node means the whole "
                    + "cluster (default: ${DEFAULT-VALUE}).")
    String uri;

    ConnectionProfile profile() {
        try {
            return ConnectionProfile.fromUri(uri);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--uri: " + e.getMessage());
        }
    }

    /** What a command does on an open session, waiting on this thread for the futures it starts. */
    @FunctionalInterface
    interface SessionWork<T> {
        T run(RedisSession session) throws InterruptedException;
    }

    /**
     * Opens a session on the server, runs {@code work} on it and closes it. A failure that a future wrapped (the
     * connection refused, a server's error reply) leaves as the exception it wraps, a checked one as a
     * {@code RedisOperationException} naming {@code command}: the command line's handler then prints it as one
     * sentence with exit 2, and never as a {@code CompletionException}.
     */
    <T> T withSession(String command, SessionWork<T> work) throws InterruptedException {
        try (RedisSession session = RedisSession.open(profile()).join()) {
            return work.run(session);
        } catch (CompletionException e) {
            Throwable t = RedisErrors.unwrap(e);
            throw t instanceof RuntimeException r ? r : RedisErrors.wrap(command, t);
        }
    }
}
