package dev.tensorlens.ui.common;

import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the FX thread, what a view does by itself on top of a change (its first item opening as it is listed) runs in a
 * later frame than the change, once however often it was asked for meanwhile.
 */
@ExtendWith(ApplicationExtension.class)
class NextFrameOnceTest {

    /** Pulses so far, counted by a timer started before any request: a pulse runs timers in the order they started. */
    private long pulses;
    private final AnimationTimer pulseCounter = new AnimationTimer() {
        @Override
        public void handle(long now) {
            pulses++;
        }
    };
    /** The pulse count at each run of the action. */
    private final List<Long> runsAtPulse = new ArrayList<>();

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new Label("frames"), 200, 100));
        stage.show();
        pulseCounter.start();
    }

    @AfterEach
    void stopCounting() throws Exception {
        WaitForAsyncUtils.asyncFx(pulseCounter::stop).get();
    }

    @Test
    void theActionRunsOnceInAFrameAfterTheOneOfTheRequests() throws Exception {
        NextFrameOnce once = new NextFrameOnce(UiExecutor.fx(), () -> true, () -> runsAtPulse.add(pulses));
        long requestedAt = WaitForAsyncUtils.asyncFx(() -> {
            once.request();
            once.request(); // the same change seen twice: one run
            assertThat(runsAtPulse).as("not in the call that asked").isEmpty();
            return pulses;
        }).get();

        waitUntil(5, "the action ran", () -> !runsAtPulse.isEmpty()); // the condition is checked on the FX thread
        long ranAt = WaitForAsyncUtils.asyncFx(() -> runsAtPulse.get(0)).get();
        assertThat(ranAt).as("the pulse after the one that styles the change, or later")
                .isGreaterThanOrEqualTo(requestedAt + 2);

        long seen = ranAt;
        waitUntil(5, "three more pulses, in which a second run would have come", () -> pulses >= seen + 3);
        assertThat(WaitForAsyncUtils.asyncFx(runsAtPulse::size).get()).as("two requests before it ran: one run")
                .isEqualTo(1);

        WaitForAsyncUtils.asyncFx(once::request).get();
        waitUntil(5, "a request after the run runs again", () -> runsAtPulse.size() == 2);
    }

    @Test
    void anActionNoLongerWantedWhenItsFrameComesDoesNotRun() throws Exception {
        boolean[] wanted = {true};
        NextFrameOnce once = new NextFrameOnce(UiExecutor.fx(), () -> wanted[0], () -> runsAtPulse.add(pulses));
        long requestedAt = WaitForAsyncUtils.asyncFx(() -> {
            once.request();
            wanted[0] = false; // the user opened something else before the next frame
            return pulses;
        }).get();
        waitUntil(5, "three pulses, by which it would have run", () -> pulses >= requestedAt + 3);
        assertThat(WaitForAsyncUtils.asyncFx(runsAtPulse::size).get()).as("not run: no longer wanted").isZero();

        WaitForAsyncUtils.asyncFx(once::request).get(); // not wanted when asked: nothing is queued
        WaitForAsyncUtils.asyncFx(() -> wanted[0] = true).get();
        long wantedAgainAt = WaitForAsyncUtils.asyncFx(() -> pulses).get();
        waitUntil(5, "three more pulses", () -> pulses >= wantedAgainAt + 3);
        assertThat(WaitForAsyncUtils.asyncFx(runsAtPulse::size).get()).as("a request made while not wanted never runs")
                .isZero();

        WaitForAsyncUtils.asyncFx(once::request).get();
        waitUntil(5, "asked while wanted, it runs", () -> runsAtPulse.size() == 1);
    }
}
