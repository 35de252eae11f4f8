package dev.tensorlens.ui.common;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The background jobs a model has going for one purpose (the open key's reads, a listing's scan, the rows' details):
 * {@link #cancelAll()} when what they were for is gone, and every late answer is dropped. A job started with
 * {@link #replacing} is "latest wins": it cancels the group's other jobs first (typing a filter, clicking another
 * key, pressing F5 twice).
 */
public final class Jobs {

    private final UiExecutor ui;
    private final Set<Job<?>> active = new LinkedHashSet<>();

    public Jobs(UiExecutor ui) {
        this.ui = ui;
    }

    /** A job that runs beside the group's others. */
    public <T> Job.Builder<T> job(String title) {
        return Job.builder(title, ui, this, false);
    }

    /** A job that, once started, is the group's only one: the others are cancelled. */
    public <T> Job.Builder<T> replacing(String title) {
        return Job.builder(title, ui, this, true);
    }

    void started(Job<?> job, boolean latestWins) {
        if (latestWins) {
            cancelAll();
        }
        synchronized (active) {
            active.add(job);
        }
        job.result().whenComplete((v, e) -> {
            synchronized (active) {
                active.remove(job);
            }
        });
    }

    /** Cancels every job of the group: nothing they still deliver reaches the model. */
    public void cancelAll() {
        List<Job<?>> running;
        synchronized (active) {
            running = new ArrayList<>(active);
            active.clear();
        }
        running.forEach(Job::cancel);
    }

    /** Asks every job of the group to stop gracefully (those without a graceful stop are cancelled). */
    public void stopAll() {
        List<Job<?>> running;
        synchronized (active) {
            running = new ArrayList<>(active);
        }
        running.forEach(Job::stop);
    }
}
