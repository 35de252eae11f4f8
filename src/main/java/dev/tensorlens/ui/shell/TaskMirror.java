package dev.tensorlens.ui.shell;

import dev.tensorlens.ui.common.Job;
import javafx.concurrent.Task;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/**
 * A {@link Job} as the {@code javafx.concurrent.Task} ControlsFX's {@code TaskProgressView} lists: it shows the job's
 * title, progress and message, and its Cancel button stops the job. The mirror's own thread only waits for the job
 * to end (a job runs on Lettuce's and the workers' threads, not here).
 */
final class TaskMirror extends Task<Void> {

    private final Job<?> job;

    TaskMirror(Job<?> job) {
        this.job = job;
        updateTitle(job.title());
        // the job's properties change on the FX thread, and so does the mirror's through these calls
        job.progressProperty().addListener((obs, old, p) -> showProgress());
        job.messageProperty().addListener((obs, old, m) -> updateMessage(m));
        showProgress();
        updateMessage(job.messageProperty().get());
    }

    private void showProgress() {
        double p = job.progressProperty().get();
        if (p < 0) {
            updateProgress(-1, 1);
        } else {
            updateProgress(p, 1);
        }
    }

    Job<?> job() {
        return job;
    }

    @Override
    protected Void call() throws Exception {
        try {
            job.result().get();
        } catch (CancellationException | ExecutionException ended) {
            // cancelled or failed: the job's own model says so where the work was started
        }
        return null;
    }

    /** The user pressed Cancel in the task list. */
    @Override
    protected void cancelled() {
        job.stop();
    }
}
