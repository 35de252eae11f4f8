package dev.tensorlens.redis;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words for the refusals that come from how a server is set up rather than from the command: an ACL that leaves a
 * command out, writes stopped after a failed save, a command a managed service disabled, a job already running, a
 * server without a config file. {@link RedisErrors#describe} puts these words before the server's own reply.
 */
final class ServerRefusals {

    /** A command name as servers quote it: {@code 'bgsave'} (7.x) or {@code `CONFIG`} (6.x). */
    private static final Pattern QUOTED_NAME = Pattern.compile("['`]([^'`]+)['`]");

    private ServerRefusals() {
    }

    /** Words ending in "; " so the reply follows, or "" when the reply is not one of these refusals. */
    static String explain(String operation, String reply) {
        if (reply.startsWith("NOPERM")) {
            return noPermission(reply);
        }
        if (reply.startsWith("MISCONF")) {
            return "the server refuses every write because its last snapshot (RDB save) failed and it is set to stop "
                    + "writes when that happens (stop-writes-on-bgsave-error); its log says why the save failed (often a "
                    + "full disk, or a folder it may not write to); once that is fixed, a successful save lets writes "
                    + "through again; ";
        }
        if (reply.startsWith("ERR unknown command") && quotedName(reply).equalsIgnoreCase("config")) {
            return "this server does not offer the CONFIG command: managed services (ElastiCache, Memorystore, Azure "
                    + "Cache and others) disable or rename it, so persistence settings are changed in the provider's "
                    + "console instead; ";
        }
        if (reply.contains("Background save already in progress")) {
            return "a snapshot (background save) is already being written; wait for it to finish, the persistence "
                    + "status shows how long it has run; ";
        }
        if (reply.contains("append only file rewriting already in progress")) {
            return "the append-only file is already being rewritten; wait for that to finish; ";
        }
        if (reply.contains("running without a config file")) {
            return "the server was started without a configuration file, so it has nowhere to write its settings: "
                    + "changes made here last until it restarts (to keep them, start it with a redis.conf, or give "
                    + "them as startup options); ";
        }
        if (reply.equals("ERR") && operation.toUpperCase(Locale.ROOT).startsWith("SAVE")) {
            return "the server could not write the snapshot file; its log says why (often a full disk, or a folder it "
                    + "may not write to); ";
        }
        return "";
    }

    /**
     * {@code NOPERM this user has no permissions to run the 'config|set' command} (7.x) or {@code … the 'bgsave'
     * command or its subcommand} (6.x): name the command and the ACL rule that would allow it. Keys and channels
     * outside the user's patterns are refused with a reply that names no command.
     */
    private static String noPermission(String reply) {
        String name = quotedName(reply);
        if (!name.isEmpty()) {
            return mayNotRun(null, name) + "; ";
        }
        if (reply.contains("key")) {
            return "the ACL user this connection signs in as may not touch that key (the user's key patterns leave "
                    + "it out); ";
        }
        if (reply.contains("channel")) {
            return "the ACL user this connection signs in as may not use that channel; ";
        }
        return "the ACL user this connection signs in as is not allowed to do this; ";
    }

    /**
     * "the ACL user analyst may not run CONFIG SET; an administrator can allow it with ACL SETUSER analyst
     * +config|set": {@code name} is the server's name for the command ({@code bgsave}, {@code config|set}), which is
     * also the ACL rule's; {@code user} null when not known ("the ACL user this connection signs in as").
     */
    static String mayNotRun(String user, String name) {
        String command = name.replace('|', ' ').toUpperCase(Locale.ROOT);
        return "the ACL user " + (user == null ? "this connection signs in as" : user) + " may not run " + command
                + "; an administrator can allow it with ACL SETUSER " + (user == null ? "<user>" : user) + " +"
                + name.toLowerCase(Locale.ROOT);
    }

    /** The command name a refusal quotes ({@code 'bgsave'}, {@code `CONFIG`}), or "". */
    static String quotedName(String reply) {
        Matcher m = QUOTED_NAME.matcher(reply);
        return m.find() ? m.group(1) : "";
    }
}
