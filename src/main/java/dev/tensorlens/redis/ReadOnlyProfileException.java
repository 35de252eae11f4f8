package dev.tensorlens.redis;

/** A write attempted through a profile the user marked read-only. Nothing was sent to the server. */
public class ReadOnlyProfileException extends RedisOperationException {

    public ReadOnlyProfileException(String operation, String profileName) {
        super(operation, operation + " was not sent: the profile '" + profileName
                + "' is read-only. Turn off \"Read-only\" in the connection manager to change data.", null);
    }
}
