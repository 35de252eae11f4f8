package dev.tensorlens.redis;

/** A {@code host:port} pair as users type it into Sentinel and Cluster node lists. */
public record HostAndPort(String host, int port) {

    public HostAndPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /**
     * Parses {@code host:port}, {@code [ipv6]:port} or a bare host (which takes {@code defaultPort}).
     *
     * @throws IllegalArgumentException with a message fit for the user when the text is not a node
     */
    public static HostAndPort parse(String text, int defaultPort) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty node address");
        }
        String host = s;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + s + "' has no closing ']'");
            }
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("'" + s + "' is not [host]:port");
                }
                port = s.substring(close + 2);
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = s.substring(s.indexOf(':') + 1);
        }
        if (port == null) {
            return new HostAndPort(host, defaultPort);
        }
        try {
            return new HostAndPort(host, Integer.parseInt(port.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + port + "' in '" + s + "' is not a port number");
        }
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
