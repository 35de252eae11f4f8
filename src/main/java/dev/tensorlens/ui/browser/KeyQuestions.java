package dev.tensorlens.ui.browser;

import dev.tensorlens.ui.common.Dialogs.Confirmation;
import dev.tensorlens.ui.common.Dialogs.TextQuestion;
import dev.tensorlens.ui.common.HumanReadable;

/** What the browser asks before a change, in words: the questions {@link KeyActions} puts to the user. */
final class KeyQuestions {

    private KeyQuestions() {
    }

    static Confirmation delete(String key) {
        return new Confirmation("delete-dialog", "Delete key", "Delete " + key + "?",
                "The key is removed with UNLINK. This cannot be undone.", "Delete");
    }

    static Confirmation deleteFolder(String prefix, int count) {
        return new Confirmation("delete-folder-dialog", "Delete folder", "Delete " + HumanReadable.count(count)
                + (count == 1 ? " key" : " keys") + " under " + prefix + "?",
                "These are the keys this listing holds under the folder (with its filters); keys the listing does not "
                        + "show are left alone. They are removed with UNLINK in batches of 500, with progress, and you "
                        + "can stop between batches. This cannot be undone.", "Delete " + HumanReadable.count(count) + " keys");
    }

    static Confirmation overwrite(String target) {
        return new Confirmation("overwrite-dialog", "Rename", "A key named " + target + " exists.",
                "Replace it? Its value is lost.", "Replace");
    }

    static TextQuestion newName(String key) {
        return new TextQuestion("rename-dialog", "Rename key", "Rename " + key, "New name:", key, "",
                text -> text.isBlank() ? "A key needs a name." : null);
    }

    static TextQuestion ttl(String key, String current) {
        return new TextQuestion("ttl-dialog", "Time to live",
                "Expiry of " + key + (current == null ? "" : " (now: " + current + ")"), "Expire after:", "",
                "90s, 15m, 2h, 1d — empty: never expires",
                text -> text.isBlank() || KeyActions.parseTtl(text).isPresent() ? null
                        : "Write a number with a unit: 500ms, 90s, 15m, 2h, 1d.");
    }
}
