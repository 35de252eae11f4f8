package dev.tensorlens.support;

import dev.tensorlens.ui.common.Dialogs;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The user, as a script: answers each question a model asks with the next answer given, and remembers what was
 * asked, so a flow (ask, then act) is tested without a robot. A question with no answer left is declined and noted.
 */
public final class ScriptedDialogs implements Dialogs {

    private final Deque<Object> answers = new ArrayDeque<>();
    private final List<String> asked = new ArrayList<>();

    /** The next confirmation is answered yes or no. */
    public synchronized ScriptedDialogs thenConfirm(boolean yes) {
        answers.add(yes);
        return this;
    }

    /** The next text question is answered with {@code text}, as typed; null cancels it. */
    public synchronized ScriptedDialogs thenType(String text) {
        answers.add(Optional.ofNullable(text));
        return this;
    }

    /** The next save question is answered with {@code file}; null cancels it. */
    public synchronized ScriptedDialogs thenSaveTo(Path file) {
        answers.add(new SaveAnswer(file));
        return this;
    }

    private record SaveAnswer(Path file) {
    }

    /** The next ids question is answered with {@code text}, as pasted. */
    public synchronized ScriptedDialogs thenPasteIds(String text) {
        answers.add(new IdsAnswer(text, null));
        return this;
    }

    /** The next ids question is answered with a file to import. */
    public synchronized ScriptedDialogs thenImportIds(Path file) {
        answers.add(new IdsAnswer(null, file));
        return this;
    }

    /** Each question asked so far, as its id and header ({@code delete-dialog: Delete x?}). */
    public synchronized List<String> asked() {
        return List.copyOf(asked);
    }

    @Override
    public synchronized boolean confirm(Confirmation question) {
        asked.add(question.id() + ": " + question.header());
        Object answer = answers.poll();
        if (!(answer instanceof Boolean yes)) {
            asked.add("(no confirmation scripted: declined)");
            return false;
        }
        return yes;
    }

    @Override
    public synchronized Optional<String> ask(TextQuestion question) {
        asked.add(question.id() + ": " + question.header());
        Object answer = answers.poll();
        if (!(answer instanceof Optional<?> typed)) {
            asked.add("(no text scripted: cancelled)");
            return Optional.empty();
        }
        // the dialog keeps OK disabled while the text has a problem: a scripted answer must pass the same check
        String text = (String) typed.orElse(null);
        if (text != null && question.problem().apply(text) != null) {
            throw new AssertionError("the dialog would not accept \"" + text + "\": " + question.problem().apply(text));
        }
        return Optional.ofNullable(text);
    }

    @Override
    public synchronized Optional<Path> chooseSaveFile(SaveQuestion question) {
        asked.add(question.id() + ": " + question.title());
        Object answer = answers.poll();
        if (!(answer instanceof SaveAnswer save)) {
            asked.add("(no file scripted: cancelled)");
            return Optional.empty();
        }
        return Optional.ofNullable(save.file());
    }

    @Override
    public synchronized Optional<IdsAnswer> askIds(IdsQuestion question) {
        asked.add(question.id() + ": " + question.header());
        Object answer = answers.poll();
        if (!(answer instanceof IdsAnswer ids)) {
            asked.add("(no ids scripted: cancelled)");
            return Optional.empty();
        }
        return Optional.of(ids);
    }
}
