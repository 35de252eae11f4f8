package dev.tensorlens.cli;

import dev.tensorlens.redis.ConnectionProfile;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Reads a {@code --uri} option, turning a malformed URI into a usage error (exit 2) that names the option. */
final class Uris {

    private Uris() {
    }

    static ConnectionProfile parse(CommandSpec spec, String uri) {
        try {
            return ConnectionProfile.fromUri(uri);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--uri: " + e.getMessage());
        }
    }
}
