package dev.tensorlens.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** "Test connection": connect with a profile, ask for the version, time a round trip, disconnect. */
public final class ConnectionCheck {

    /** What a successful check found. */
    public record Result(String version, String mode, String role, Duration roundTrip) {

        public String describe() {
            return "Redis " + version + " (" + mode + ", " + role + ") answered in " + formatMillis(roundTrip) + ".";
        }
    }

    private ConnectionCheck() {
    }

    /** Fails with a {@link RedisOperationException} that says exactly why the connection did not work. */
    public static CompletableFuture<Result> run(ConnectionProfile profile) {
        CompletableFuture<RedisSession> opening = RedisSession.open(profile);
        CompletableFuture<Result> result = opening.thenCompose(session -> {
            ServerInfoService info = new ServerInfoService(session);
            // The first PING pays for warming up; the second is the honest round trip.
            return session.ping()
                    .thenCompose(warm -> session.ping())
                    .thenCombine(info.info(), (rtt, serverInfo) -> new Result(
                            serverInfo.version(), serverInfo.mode(), serverInfo.role(), rtt))
                    .whenComplete((r, e) -> session.closeAsync());
        });
        // Cancelled (the user pressed Connect or closed the dialog): stop connecting, or close what connected.
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                opening.cancel(true);
                opening.thenAccept(RedisSession::closeAsync);
            }
        });
        return result;
    }

    /** {@code 0.42 ms}, {@code 12 ms}: short enough for a status bar. */
    public static String formatMillis(Duration d) {
        double ms = d.toNanos() / 1_000_000.0;
        return ms < 10 ? String.format("%.2f ms", ms) : String.format("%.0f ms", ms);
    }
}
