package dev.tensorlens.redis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Head scripts go out while the fields they copy fit the budget; the rest wait, one too heavy goes alone. */
class ScriptGateTest {

    final List<CompletableFuture<String>> sent = new ArrayList<>();

    CompletableFuture<String> submit(ScriptGate gate, long weight) {
        return gate.submit(weight, () -> {
            CompletableFuture<String> command = new CompletableFuture<>();
            sent.add(command);
            return command;
        });
    }

    @Test
    void smallFieldsGoTogetherUpToTheBudgetAndTheRestWhenRoomIsMade() {
        ScriptGate gate = new ScriptGate(100);
        CompletableFuture<String> a = submit(gate, 40);
        submit(gate, 40);
        CompletableFuture<String> c = submit(gate, 40);
        CompletableFuture<String> huge = submit(gate, 500);

        assertThat(sent).hasSize(2);
        sent.get(0).complete("a");
        assertThat(a).isCompletedWithValue("a");
        assertThat(sent).as("c fits now").hasSize(3);
        sent.get(1).complete("b");
        sent.get(2).complete("c");
        assertThat(c).isCompletedWithValue("c");
        assertThat(sent).as("the heavy one, alone").hasSize(4);
        CompletableFuture<String> after = submit(gate, 1);
        assertThat(sent).hasSize(4);
        sent.get(3).complete("huge");
        assertThat(huge).isCompletedWithValue("huge");
        assertThat(sent).hasSize(5);
        sent.get(4).complete("after");
        assertThat(after).isCompleted();
    }

    @Test
    void aWaitingScriptCancelledIsNeverSentAndACancelledOneInFlightIsCancelled() {
        ScriptGate gate = new ScriptGate(10);
        CompletableFuture<String> first = submit(gate, 10);
        CompletableFuture<String> second = submit(gate, 10);
        second.cancel(true);
        first.cancel(true);

        assertThat(sent.get(0)).isCancelled();
        assertThat(sent).as("the cancelled waiter was not sent").hasSize(1);
        CompletableFuture<String> third = submit(gate, 10);
        assertThat(sent).as("room again").hasSize(2);
        sent.get(1).complete("x");
        assertThat(third).isCompletedWithValue("x");
    }
}
