package dev.tensorlens.redis;

import java.time.Duration;
import java.time.Instant;

/** What the server view and status bar show about a server, fetched together. */
public record ServerOverview(ServerInfo info, long dbSize, ServerRole role, int database,
                             Duration roundTrip, Instant fetchedAt) {
}
