package dev.tensorlens.redis;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * One running split edit: takes the next {@value #BATCH} members from its source, sends them as one batch step, and
 * only when the reply has come and been counted takes the next ones. One batch in flight at a time keeps the server
 * free for other clients between batches and keeps memory at one batch, however many members the source streams.
 * Every step runs on the session's threads: the source is read there, and progress is reported there.
 */
final class EditRun {

    static final int BATCH = 500;

    private final RedisSession session;
    private final SplitScripts scripts;
    private final MemberOps.Op op;
    private final Iterator<EditItem> items;
    private final EditTally tally;
    private final Consumer<SplitEdit> progress;
    private final String operation;
    /** Hears how many members each finished batch had (an undo moves its edit's "undone up to" mark on). */
    private final IntConsumer afterBatch;
    /** Runs once when the run ends, however it ends. */
    private final Runnable atEnd;
    private final CompletableFuture<SplitEdit> result = new CompletableFuture<>();
    private volatile boolean stopRequested;

    EditRun(RedisSession session, SplitScripts scripts, MemberOps.Op op, Iterator<EditItem> items, EditTally tally,
            Consumer<SplitEdit> progress, String operation, IntConsumer afterBatch, Runnable atEnd) {
        this.session = session;
        this.scripts = scripts;
        this.op = op;
        this.items = items;
        this.tally = tally;
        this.progress = progress;
        this.operation = operation;
        this.afterBatch = afterBatch;
        this.atEnd = atEnd;
        // Cancelling the result future stops the run as cancel() does; the batch in flight finishes and is counted.
        result.whenComplete((v, e) -> stopRequested = true);
    }

    /** Starts on the session's threads (the source may read a file: never on the caller's thread). */
    BatchedEdit<SplitEdit> start() {
        session.executor().execute(this::next);
        return new BatchedEdit<>(result, () -> stopRequested = true);
    }

    private void next() {
        if (stopRequested) {
            finish(!hasMore()); // stopped after the last batch: every id was handled all the same
            return;
        }
        List<EditItem> batch = new ArrayList<>(BATCH);
        try {
            while (batch.size() < BATCH && items.hasNext()) {
                EditItem item = items.next();
                if (item == null || item.member() == null) {
                    throw new IllegalArgumentException("the list of ids had a missing (null) id after "
                            + SplitEditWords.count(tally.snapshot(false, false).sent() + batch.size()) + " ids");
                }
                batch.add(item);
            }
        } catch (RuntimeException e) {
            // a batch read in part is not sent: counts stay exact for what reached the server
            fail(new RedisOperationException(operation, "Reading the ids failed: " + e.getMessage() + ".", e));
            return;
        }
        if (batch.isEmpty()) {
            finish(true);
            return;
        }
        send(batch).whenCompleteAsync((codes, failure) -> {
            if (failure != null) {
                fail(RedisErrors.wrap(operation, failure));
                return;
            }
            try {
                for (int n = 0; n < batch.size(); n++) {
                    tally.record(batch.get(n), codes.codes()[n], codes.scores() == null ? Double.NaN : codes.scores()[n]);
                }
                afterBatch.accept(batch.size());
                progress.accept(tally.snapshot(false, false));
            } catch (RuntimeException e) {
                fail(RedisErrors.wrap(operation, e));
                return;
            }
            next();
        }, session.executor()); // never on Lettuce's event loop, and no recursion when replies come fast
    }

    private boolean hasMore() {
        try {
            return items.hasNext();
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** The script when the server runs scripts; the pipelined single commands when it refuses them. */
    private CompletableFuture<MemberOps.Codes> send(List<EditItem> batch) {
        if (scripts.refusal() != null) {
            return op.fallback(session, batch);
        }
        return op.viaScript(scripts, batch).exceptionallyCompose(failure ->
                RedisErrors.unwrap(failure) instanceof FieldHeads.ScriptingRefused
                        ? op.fallback(session, batch) // a refused script changed nothing: the batch goes again
                        : CompletableFuture.failedFuture(failure));
    }

    private void finish(boolean done) {
        tally.memory().finished = true;
        atEnd.run();
        SplitEdit last = tally.snapshot(done, true);
        try {
            progress.accept(last);
        } catch (RuntimeException e) {
            // the edit is over and counted; a failing listener must not turn it into a failure
        }
        result.complete(last);
    }

    private void fail(RedisOperationException e) {
        tally.memory().finished = true;
        atEnd.run();
        SplitEdit partial = tally.snapshot(false, true);
        String before = partial.sent() == 0 ? " No id was changed." : " Before that: " + SplitEditWords.body(partial);
        result.completeExceptionally(new SplitEditException(e.operation(), e.getMessage() + before,
                e.getCause() == null ? e : e.getCause(), partial));
    }
}
