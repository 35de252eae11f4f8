package dev.tensorlens.redis;

/** How a profile reaches its data: one server, a Sentinel-managed master, or a Cluster. */
public enum ConnectionMode {
    STANDALONE("Standalone"),
    SENTINEL("Sentinel"),
    CLUSTER("Cluster");

    private final String label;

    ConnectionMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
