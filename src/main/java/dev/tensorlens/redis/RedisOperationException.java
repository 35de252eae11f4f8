package dev.tensorlens.redis;

/**
 * A failed Redis operation, carrying a message written for the user: what was being done, and why it
 * failed, in the server's own words where the server gave any. Every future the service layer
 * returns fails with this type (or a subclass), so views can show {@link #getMessage()} as it is.
 */
public class RedisOperationException extends RuntimeException {

    private final String operation;

    public RedisOperationException(String operation, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
    }

    /** The command or action that failed, such as {@code INFO} or {@code connect}. */
    public String operation() {
        return operation;
    }
}
