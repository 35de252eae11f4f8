package dev.tensorlens.ui.common;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The long work the user started (folder deletes, big reads, bulk dataset edits, saves), listed in one place in the
 * shell with its progress and a Cancel button. A job stays listed while it runs. Changed on the UI thread.
 */
public final class TaskList {

    private final ObservableList<Job<?>> running = FXCollections.observableArrayList();
    private final ObservableList<Job<?>> view = FXCollections.unmodifiableObservableList(running);
    private final IntegerBinding count = Bindings.size(running);

    void add(Job<?> job) {
        running.add(job);
        job.stateProperty().addListener((obs, old, state) -> {
            if (state != Job.State.RUNNING) {
                running.remove(job);
            }
        });
    }

    /** The jobs running now, oldest first. */
    public ObservableList<Job<?>> running() {
        return view;
    }

    public IntegerBinding countBinding() {
        return count;
    }

    /** The app is closing: every listed job is cancelled. */
    public void cancelAll() {
        for (Job<?> job : running.toArray(Job<?>[]::new)) {
            job.cancel();
        }
    }
}
