package dev.tensorlens.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CallingThreadExecutorTest {

    @Test
    void aStageCompletedOnAnotherThreadRunsOnTheWaitingOne() throws Exception {
        CallingThreadExecutor executor = new CallingThreadExecutor();
        CompletableFuture<String> read = new CompletableFuture<>();
        CompletableFuture<String> decoded = read.thenApplyAsync(v -> v + " decoded on " + Thread.currentThread().getName(),
                executor);
        Thread reply = new Thread(() -> read.complete("bytes"), "event-loop");

        reply.start(); // with Runnable::run the decode would run here, on "event-loop"

        assertThat(executor.join(decoded)).isEqualTo("bytes decoded on " + Thread.currentThread().getName());
    }

    @Test
    void aFailureIsThrownAsJoinThrowsIt() {
        CallingThreadExecutor executor = new CallingThreadExecutor();
        CompletableFuture<String> failed = CompletableFuture.<String>failedFuture(new IllegalStateException("no"))
                .thenApplyAsync(v -> v, executor);

        assertThatThrownBy(() -> executor.join(failed)).isInstanceOf(CompletionException.class).cause().hasMessage("no");
    }
}
