package dev.tensorlens.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns what Lettuce and Netty throw into one sentence for the user. The server's own words
 * (such as {@code WRONGPASS invalid username-password pair}) are kept as they are.
 */
public final class RedisErrors {

    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

    private RedisErrors() {
    }

    /** The failure as a {@link RedisOperationException} (returned as it is when it already is one). */
    public static RedisOperationException wrap(String operation, Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof RedisOperationException roe) {
            return roe;
        }
        return new RedisOperationException(operation, describe(operation, t), t);
    }

    /** Strips the completion and execution wrappers that futures add. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A sentence saying that {@code operation} failed and why. */
    public static String describe(String operation, Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof RedisOperationException) {
            return t.getMessage();
        }
        if (t instanceof CancellationException) {
            return operation + " was cancelled.";
        }
        RedisCommandExecutionException serverError = find(t, RedisCommandExecutionException.class);
        if (serverError != null) {
            // The server answered with an error reply: its words are the best explanation there is.
            return operation + " failed: " + explain(operation, serverError.getMessage())
                    + "the server replied \"" + serverError.getMessage() + "\".";
        }
        if (t instanceof RedisCommandTimeoutException) {
            return operation + " timed out: " + lowerFirst(t.getMessage())
                    + ". The server may be busy, or the network slow; raise the command timeout if this is expected.";
        }
        if (t instanceof RedisCommandInterruptedException) {
            return operation + " was interrupted.";
        }
        if (t instanceof RedisConnectionException) {
            return operation + " failed: " + connectionReason(t) + ".";
        }
        String message = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof RedisException && message.contains("not connected")) {
            return operation + " was not sent: the connection to the server is down (reconnecting in the background).";
        }
        if (droppedInFlight(t, message)) {
            return operation + " failed: the connection dropped before the server answered; it reconnects on its own.";
        }
        if (t instanceof RedisException && message.toLowerCase(Locale.ROOT).contains("connection closed")) {
            return operation + " failed: the connection closed before the server answered.";
        }
        if (find(t, ClosedChannelException.class) != null) {
            return operation + " failed: the connection closed before the server answered.";
        }
        return operation + " failed: " + (message.isEmpty() ? t.getClass().getSimpleName() : message) + ".";
    }

    /** Lettuce's and the socket's words for a command in flight when the connection went (server killed, network). */
    private static boolean droppedInFlight(Throwable t, String message) {
        if (t instanceof RedisException && message.equalsIgnoreCase("Connection disconnected")) {
            return true;
        }
        IOException io = find(t, IOException.class);
        String m = io == null || io.getMessage() == null ? "" : io.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("connection reset") || m.contains("broken pipe");
    }

    /**
     * Words for the server replies whose own words assume the reader knows Redis (ending in "; " so the reply
     * follows), or "" when the reply says enough by itself.
     */
    private static String explain(String operation, String reply) {
        String r = reply == null ? "" : reply;
        boolean rename = operation.toUpperCase(Locale.ROOT).startsWith("RENAME");
        if (r.startsWith("CROSSSLOT")) {
            return rename
                    ? "the new name hashes to another slot of the cluster than the key does; Redis cannot rename across "
                    + "slots (names that share a {hash tag} share a slot); "
                    : "the keys hash to different slots of the cluster, and one command can only work on keys of one slot "
                    + "(keys that share a {hash tag}, such as {mnist}:train and {mnist}:test, share a slot); ";
        }
        if (r.startsWith("MOVED ") || r.startsWith("ASK ")) {
            return "this server is one node of a Redis Cluster and another node serves that key's slot; open it with a "
                    + "Cluster profile so that commands follow the cluster's redirections; ";
        }
        if (rename && r.startsWith("ERR no such key")) {
            return "the key does not exist (any more); ";
        }
        return ServerRefusals.explain(operation, r);
    }

    private static String connectionReason(Throwable t) {
        UnknownHostException unknownHost = find(t, UnknownHostException.class);
        if (unknownHost != null) {
            // Netty says "Failed to resolve 'host' [A(1), AAAA(28)] after 2 queries"; the JDK says "host: …"
            String m = String.valueOf(unknownHost.getMessage());
            Matcher quoted = QUOTED.matcher(m);
            String host = quoted.find() ? quoted.group(1) : m.split(":")[0].trim();
            return "the host name \"" + host + "\" could not be resolved";
        }
        SSLException ssl = find(t, SSLException.class);
        if (ssl != null) {
            return "the TLS handshake failed: " + tlsReason(ssl);
        }
        ConnectException refused = find(t, ConnectException.class);
        if (refused != null) {
            String m = refused.getMessage() == null ? "" : refused.getMessage();
            if (m.toLowerCase(Locale.ROOT).contains("refused")) {
                return "the connection was refused: no Redis server is listening there";
            }
            if (m.toLowerCase(Locale.ROOT).contains("timed out")) {
                return "the connection attempt timed out (" + stripAddressNoise(m) + ")";
            }
            return stripAddressNoise(m);
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (closedDuringHandshake(m)) {
            return "the server closed the connection before Redis answered";
        }
        return stripAddressNoise(m);
    }

    /**
     * A server that hangs up as soon as it is greeted (a TLS port spoken to in plain text, a proxy that refuses) shows
     * up as a reset, or — when the hang-up wins the race with Lettuce's set-up — as its handshake handler missing.
     */
    static boolean closedDuringHandshake(String message) {
        return message.contains("Connection reset") || message.contains("HandshakeHandler not registered");
    }

    private static String tlsReason(SSLException ssl) {
        String all = "";
        for (Throwable c = ssl; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all += " " + c.getMessage();
        }
        if (all.contains("PKIX path") || all.contains("unable to find valid certification path")) {
            return "the server's certificate is not signed by a trusted CA (give the CA file, or untick \"verify\")";
        }
        if (all.contains("No subject alternative") || all.contains("No name matching")) {
            return "the server's certificate is not for this host name";
        }
        if (all.contains("expired") || all.contains("NotAfter")) {
            return "the server's certificate has expired";
        }
        return ssl.getMessage();
    }

    /** Netty writes addresses as {@code localhost/<unresolved>:6379}; users wrote {@code localhost:6379}. */
    private static String stripAddressNoise(String message) {
        return message.replace("/<unresolved>", "").replaceAll("(?<=: )/(?=\\d)", "");
    }

    private static String lowerFirst(String s) {
        if (s == null || s.isEmpty()) {
            return "no answer";
        }
        // a word in capitals is a command name ("SAVE. Command timed out …"): it stays as it is
        int end = s.indexOf(' ') < 0 ? s.length() : s.indexOf(' ');
        String first = s.substring(0, end).replaceAll("\\W+$", "");
        if (first.length() > 1 && first.equals(first.toUpperCase(Locale.ROOT))) {
            return s;
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * The first {@code type} in the cause chain, also looking at suppressed exceptions: Lettuce's cluster
     * client puts each node's real reason there ("Cannot retrieve cluster partitions" alone says nothing).
     */
    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        return find(t, type, 0);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type, int depth) {
        for (Throwable c = t; c != null && depth < 8; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            for (Throwable suppressed : c.getSuppressed()) {
                T found = find(suppressed, type, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
