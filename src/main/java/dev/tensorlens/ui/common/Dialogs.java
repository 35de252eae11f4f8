package dev.tensorlens.ui.common;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The questions a model asks the user before it acts (delete this? which new name? turn this on?), as data: the app
 * shows them as modal dialogs over the main window ({@link FxDialogs}); model tests answer them with a script, so
 * every flow can be tested without a robot. Called on the UI thread; each call returns the user's answer.
 */
public interface Dialogs {

    /**
     * A yes-or-no question before something that cannot be undone. The default button is Cancel, so Enter alone
     * never does it.
     *
     * @param id      a stable id for the dialog (tests find it by this)
     * @param title   the window title
     * @param header  the question itself ({@code Delete model:x?})
     * @param details what will happen, in words
     * @param action  the label of the button that does it ({@code Delete 3 keys})
     */
    record Confirmation(String id, String title, String header, String details, String action) {
    }

    /**
     * A question answered with a line of text.
     *
     * @param initial text the field starts with (the current name); may be empty
     * @param hint    the field's prompt text, shown while it is empty
     * @param problem what is wrong with an answer, in words, or null when it is acceptable: the OK button stays
     *                disabled and the reason shows under the field until it is
     */
    record TextQuestion(String id, String title, String header, String label, String initial, String hint,
                        Function<String, String> problem) {
    }

    /** True when the user chose {@link Confirmation#action()}; false on Cancel or when the dialog was closed. */
    boolean confirm(Confirmation question);

    /** The text the user accepted, as typed; empty when cancelled. */
    Optional<String> ask(TextQuestion question);

    /**
     * Where to save a file (an exported plot or tensor).
     *
     * @param suggestedName the file name offered ({@code fc1.weight.npy})
     * @param description   what the files are, for the type filter ({@code NumPy array})
     * @param extension     the file type's extension without the dot ({@code npy})
     */
    record SaveQuestion(String id, String title, String suggestedName, String description, String extension) {
    }

    /** The file the user chose to save to; empty when cancelled. */
    Optional<Path> chooseSaveFile(SaveQuestion question);

    /**
     * Ids to add to a split: typed or pasted into a text area, or a text/CSV file to import.
     *
     * @param header the question ({@code Add ids to train})
     */
    record IdsQuestion(String id, String title, String header) {
    }

    /** Exactly one of the two is set: the text typed or pasted, or the file chosen to import. */
    record IdsAnswer(String text, Path file) {
    }

    /** The ids the user gave; empty when cancelled. */
    Optional<IdsAnswer> askIds(IdsQuestion question);
}
