package dev.tensorlens.ui.common;

/**
 * The question asked before Tensorlens turns keyspace notifications on for a live view (the Browser's Live, the
 * Models view's Live): what it changes on the server, in words, so that nothing is changed without a yes.
 */
public final class NotificationConsent {

    private NotificationConsent() {
    }

    /** @param flags the server's {@code notify-keyspace-events} now (empty or null when off) */
    public static Dialogs.Confirmation question(String flags) {
        return new Dialogs.Confirmation("notifications-dialog", "Live updates", "Turn on keyspace notifications?",
                "Live updates need the server's keyspace notifications, which are "
                        + (flags == null || flags.isBlank() ? "off" : "set to \"" + flags + "\"") + " now. "
                        + "Tensorlens would run CONFIG SET notify-keyspace-events, adding K and A to what is set: "
                        + "from then on every write on this server also publishes a small pub/sub message, which costs "
                        + "the server a little CPU and bandwidth. It is not saved to redis.conf; a restart turns it "
                        + "back off.", "Turn on");
    }
}
