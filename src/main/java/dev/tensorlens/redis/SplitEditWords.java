package dev.tensorlens.redis;

import java.util.Locale;

/**
 * The sentences of {@link SplitEdit#sentence()}: what an edit did, with the exact counts and thousands separators,
 * in words a data scientist reads without knowing Redis ("ids", "train", never "members" or "SREM").
 */
final class SplitEditWords {

    private SplitEditWords() {
    }

    static String sentence(SplitEdit e) {
        String body = body(e);
        if (e.done()) {
            return body;
        }
        String of = e.expected() >= 0 ? " of " + count(e.expected()) : "";
        if (e.memory() == null) {
            return "So far " + count(e.sent()) + of + " ids: " + lowerFirst(body); // a progress report
        }
        return "Stopped after " + count(e.sent()) + of + " ids: " + lowerFirst(body);
    }

    /** What was done, without "stopped": also the "before that" of a failure. */
    static String body(SplitEdit e) {
        return switch (e.kind()) {
            case ADD -> added(e);
            case REMOVE -> "Removed " + ids(e.changed()) + " from " + e.split()
                    + (e.unchanged() > 0 ? "; " + were(e.unchanged()) + " not in it" : "") + ".";
            case MOVE -> "Moved " + ids(e.changed()) + " from " + e.split() + " to " + e.otherSplit()
                    + (e.alreadyInTarget() > 0 ? " (" + were(e.alreadyInTarget()) + " in " + e.otherSplit()
                    + " already)" : "")
                    + (e.unchanged() > 0 ? "; " + were(e.unchanged()) + " not in " + e.split() : "") + ".";
            case SCORE -> scored(e);
            case UNDO -> undone(e);
        };
    }

    private static String added(SplitEdit e) {
        boolean zset = e.memory() != null && e.memory().zset;
        String withScore = zset ? " with score " + Scores.display(e.memory().score) : "";
        String already = e.unchanged() == 0 ? ""
                : "; " + were(e.unchanged()) + " already there" + (zset ? " and kept " + (e.unchanged() == 1
                ? "its score" : "their scores") : "");
        return "Added " + ids(e.changed()) + " to " + e.split() + withScore + already + ".";
    }

    private static String scored(SplitEdit e) {
        SplitEdit.Memory m = e.memory();
        String member = m == null ? "the id" : m.member;
        if (e.changed() == 0) {
            return "Did not set a score: " + member + " is not in " + e.split()
                    + ", and changing a score never adds an id.";
        }
        return m == null ? "Set the score of an id in " + e.split() + "."
                : "Set the score of " + member + " in " + e.split() + " to " + Scores.display(m.score) + " (was "
                + Scores.display(m.oldScore) + ").";
    }

    private static String undone(SplitEdit e) {
        if (e.undid() == null) {
            return "Undid an edit of " + e.split() + ".";
        }
        return switch (e.undid()) {
            case ADD -> "Undid the add: " + idsWere(e.changed()) + " taken out of " + e.split() + " again"
                    + (e.unchanged() > 0 ? "; " + were(e.unchanged()) + " not in it any more" : "") + ".";
            case REMOVE -> "Undid the remove: " + idsAre(e.changed()) + " back in " + e.split()
                    + (e.unchanged() > 0 ? "; " + were(e.unchanged()) + " back in it already" : "") + ".";
            case MOVE -> undoneMove(e);
            case SCORE -> undoneScore(e);
            case UNDO -> "Undid an undo.";
        };
    }

    private static String undoneMove(SplitEdit e) {
        long back = e.changed() + e.unchanged();
        long added = e.takenOut() + e.notTakenOut();
        String out;
        if (added == 0) {
            out = "; it had added none to " + e.otherSplit() + ", so none were taken out of it";
        } else if (e.notTakenOut() == 0) {
            out = ", and the " + count(added) + " it had added " + (added == 1 ? "was" : "were") + " taken out of "
                    + e.otherSplit();
        } else {
            out = ", and " + count(e.takenOut()) + " of the " + count(added) + " it had added "
                    + (e.takenOut() == 1 ? "was" : "were") + " taken out of " + e.otherSplit() + " ("
                    + were(e.notTakenOut()) + " not in it any more)";
        }
        return "Undid the move: " + idsAre(back) + " back in " + e.split()
                + (e.unchanged() > 0 ? " (" + were(e.unchanged()) + " there again already)" : "") + out + ".";
    }

    private static String undoneScore(SplitEdit e) {
        SplitEdit.Memory m = e.memory();
        String member = m == null ? "the id" : m.member;
        if (e.changed() == 1) {
            return "Undid the score change: " + member + " in " + e.split() + " has its score "
                    + (m == null ? "" : Scores.display(m.oldScore) + " ") + "again.";
        }
        if (m != null && !Double.isNaN(m.score)) {
            return "Did not undo the score change: the score of " + member + " in " + e.split()
                    + " was changed to " + Scores.display(m.score) + " since, and that change is kept.";
        }
        return "Did not undo the score change: " + member + " is not in " + e.split() + " any more.";
    }

    /** {@code 1,234,567}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code no ids}, {@code 1 id}, {@code 1,200 ids}. */
    static String ids(long n) {
        return n == 0 ? "no ids" : n == 1 ? "1 id" : count(n) + " ids";
    }

    private static String were(long n) {
        return n == 1 ? "1 was" : count(n) + " were";
    }

    private static String idsWere(long n) {
        return ids(n) + (n == 1 ? " was" : " were");
    }

    private static String idsAre(long n) {
        return ids(n) + (n == 1 ? " is" : " are");
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
