package dev.tensorlens.cli;

import dev.tensorlens.redis.ConnectionProfile;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --uri} option of every command that talks to a server (a picocli mixin), read into a profile; a
 * malformed URI is a usage error (exit 2) that names the option.
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
}
