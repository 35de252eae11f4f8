package dev.tensorlens.redis;

/** The life of a session's connection, as the status bar shows it. */
public enum ConnectionState {
    /** Not connected and not trying: no profile opened yet, or the session was closed. */
    CLOSED("Not connected"),
    /** The first connection is being made. */
    CONNECTING("Connecting…"),
    CONNECTED("Connected"),
    /** The connection dropped a moment ago; Lettuce is reconnecting. */
    RECONNECTING("Reconnecting…"),
    /** Reconnect attempts are failing: the server is unreachable. Retries go on in the background. */
    DISCONNECTED("Disconnected");

    private final String label;

    ConnectionState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
