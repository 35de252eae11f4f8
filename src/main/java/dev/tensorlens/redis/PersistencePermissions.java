package dev.tensorlens.redis;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Which {@link PersistenceService} actions this connection cannot run, found out in advance so that a view can disable
 * them with the reason instead of letting the user press a button that fails. Nothing here runs a persistence action
 * to find out.
 *
 * <p>What is known in advance, and from where:
 * <ul>
 *   <li>a read-only profile refuses every action (nothing is asked of the server then);</li>
 *   <li>a server that refused {@code CONFIG GET} (renamed away on managed services, or left out of an ACL) will
 *       refuse {@code CONFIG SET} and {@code CONFIG REWRITE} too: the statuses'
 *       {@link PersistenceStatus.Settings#unavailableReason()} is the reason for turning AOF on or off, editing the
 *       save schedule and writing the config file;</li>
 *   <li>on Redis 7 and later, {@code ACL WHOAMI} and then {@code ACL DRYRUN <user> <command> …} for each action's
 *       command tell what the ACL allows, with the rule that would allow what it does not. An ACL answer, allowed or
 *       not, wins over the {@code CONFIG GET} reason, being about the very command.</li>
 * </ul>
 * Where none of these answers (Redis 6.2 has no {@code ACL DRYRUN}; a user may be refused {@code ACL WHOAMI} or
 * {@code ACL DRYRUN} themselves; a command may be refused for reasons no dry run sees, such as a save already
 * running or {@code MISCONF}), nothing is known and the action stays allowed: its own refusal then explains, in
 * words, when the user tries it.
 *
 * <p>On a cluster the ACL is asked of one node only (the one the cluster connection sends keyless commands to): ACL
 * users are per node, and a cluster whose nodes disagree about them would need each master asked; the actions
 * themselves run on every master and report any node that refuses.
 */
public final class PersistencePermissions {

    /** The actions of {@link PersistenceService}, as the Persistence view and {@code tensorlens persist} offer them. */
    public enum Action {
        /** {@link PersistenceService#bgsave()} */
        BGSAVE,
        /** {@link PersistenceService#save()} */
        SAVE,
        /** {@link PersistenceService#bgrewriteaof()} */
        BGREWRITEAOF,
        /** {@link PersistenceService#setAppendOnly(boolean)} */
        APPENDONLY,
        /** {@link PersistenceService#setSaveSchedule(String)} */
        SAVE_SCHEDULE,
        /** {@link PersistenceService#rewriteConfig()} */
        CONFIG_REWRITE
    }

    /** The reason every action has on a read-only profile. */
    public static final String READ_ONLY = "This profile is read-only.";

    /** The actions that need {@code CONFIG}. */
    private static final Set<Action> CONFIG_ACTIONS = EnumSet.of(Action.APPENDONLY, Action.SAVE_SCHEDULE,
            Action.CONFIG_REWRITE);

    /** Redis 7.0 brought {@code ACL DRYRUN}. */
    private static final int DRYRUN_SINCE = 700;

    private final RedisSession session;

    public PersistencePermissions(RedisSession session) {
        this.session = Objects.requireNonNull(session);
    }

    /**
     * The actions this connection cannot run, each with the reason in a sentence; an action not in the map is allowed
     * or not knowable in advance. Never fails for what the server will not tell (that only leaves actions out); a
     * dropped connection likewise gives what is known without the server.
     *
     * @param status the latest {@link PersistenceService#status()}, for what {@code CONFIG GET} said
     */
    public CompletableFuture<Map<Action, String>> refusals(List<PersistenceStatus> status) {
        if (session.isReadOnly()) {
            Map<Action, String> all = new EnumMap<>(Action.class);
            for (Action a : Action.values()) {
                all.put(a, READ_ONLY);
            }
            return CompletableFuture.completedFuture(Collections.unmodifiableMap(all));
        }
        String configReason = status.stream().map(s -> s.settings().unavailableReason()).filter(Objects::nonNull)
                .findFirst().orElse(null);
        return Futures.map(aclAnswers(), answers -> {
            Map<Action, String> refused = new EnumMap<>(Action.class);
            for (Action a : Action.values()) {
                Answer answer = answers.get(a);
                if (answer != null) {
                    if (answer.refusal() != null) {
                        refused.put(a, answer.refusal());
                    }
                } else if (configReason != null && CONFIG_ACTIONS.contains(a)) {
                    refused.put(a, configReason);
                }
            }
            return Collections.unmodifiableMap(refused);
        });
    }

    /** What {@code ACL DRYRUN} said of an action: allowed (no refusal), or refused with this sentence. */
    private record Answer(String refusal) {
    }

    /** The command and arguments {@code ACL DRYRUN} is asked about for {@code action}: what the service sends. */
    static List<String> command(Action action) {
        return switch (action) {
            case BGSAVE -> List.of("bgsave");
            case SAVE -> List.of("save");
            case BGREWRITEAOF -> List.of("bgrewriteaof");
            case APPENDONLY -> List.of("config", "set", "appendonly", "yes");
            case SAVE_SCHEDULE -> List.of("config", "set", "save", "");
            case CONFIG_REWRITE -> List.of("config", "rewrite");
        };
    }

    /** Each action the ACL has an answer for; empty before Redis 7 or when the user may not ask. */
    private CompletableFuture<Map<Action, Answer>> aclAnswers() {
        return Futures.compose(session.versionNumber(), version -> {
            if (version > 0 && version < DRYRUN_SINCE) {
                return CompletableFuture.completedFuture(Map.of());
            }
            // an unknown version (0) is asked anyway: a server without DRYRUN refuses it, and that means "unknown"
            CompletableFuture<String> whoami = acl("ACL WHOAMI", List.of("WHOAMI"));
            return Futures.compose(orNull(whoami), user -> user == null
                    ? CompletableFuture.completedFuture(Map.<Action, Answer>of()) : dryRuns(user));
        });
    }

    /** {@code ACL DRYRUN} of every action's command, pipelined; each one the server will not answer is left out. */
    private CompletableFuture<Map<Action, Answer>> dryRuns(String user) {
        Map<Action, CompletableFuture<String>> replies = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            List<String> args = new ArrayList<>(List.of("DRYRUN", user));
            args.addAll(command(a));
            replies.put(a, orNull(acl("ACL DRYRUN " + String.join(" ", command(a)), args)));
        }
        CompletableFuture<?>[] all = replies.values().toArray(CompletableFuture[]::new);
        CompletableFuture<Map<Action, Answer>> answers = CompletableFuture.allOf(all).thenApply(v -> {
            Map<Action, Answer> byAction = new EnumMap<>(Action.class);
            replies.forEach((action, reply) -> {
                String r = reply.join();
                if (r != null) {
                    byAction.put(action, answer(user, action, r));
                }
            });
            return byAction;
        });
        Futures.cancelTogether(answers, all);
        return answers;
    }

    /**
     * {@code OK}, or the dry run's reason as the server words it ({@code This user has no permissions to run the
     * 'config|set' command}), turned into the sentence the action's own {@code NOPERM} would get.
     */
    static Answer answer(String user, Action action, String reply) {
        if (reply.equalsIgnoreCase("OK")) {
            return new Answer(null);
        }
        String name = ServerRefusals.quotedName(reply);
        if (name.isEmpty()) {
            String command = String.join(" ", command(action)).toUpperCase(Locale.ROOT);
            return new Answer("The ACL user " + user + " may not run " + command + ": the server says \"" + reply
                    + "\".");
        }
        String words = ServerRefusals.mayNotRun(user, name);
        return new Answer(Character.toUpperCase(words.charAt(0)) + words.substring(1) + ".");
    }

    private CompletableFuture<String> acl(String operation, List<String> args) {
        return session.read(operation, c -> {
            CommandArgs<byte[], byte[]> commandArgs = new CommandArgs<>(ByteArrayCodec.INSTANCE);
            args.forEach(commandArgs::add);
            return c.dispatch(CommandType.ACL, new StatusOutput<>(ByteArrayCodec.INSTANCE), commandArgs);
        });
    }

    /** The reply, or null for any refusal or failure: they all mean "not knowable from here". */
    private static CompletableFuture<String> orNull(CompletableFuture<String> reply) {
        CompletableFuture<String> known = reply.handle((r, failure) -> failure == null ? r : null);
        Futures.cancelTogether(known, reply);
        return known;
    }
}
