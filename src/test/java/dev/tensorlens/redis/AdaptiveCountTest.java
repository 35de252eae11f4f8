package dev.tensorlens.redis;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveCountTest {

    @Test
    void startsAroundAThousand() {
        assertThat(new AdaptiveCount().current()).isEqualTo(1_000);
    }

    @Test
    void doublesWhileFastUpToTheCeiling() {
        AdaptiveCount c = new AdaptiveCount();
        assertThat(c.next(Duration.ofMillis(2))).isEqualTo(2_000);
        assertThat(c.next(Duration.ofMillis(9))).isEqualTo(4_000);
        assertThat(c.next(Duration.ofMillis(1))).isEqualTo(8_000);
        assertThat(c.next(Duration.ofMillis(1))).isEqualTo(10_000);
        assertThat(c.next(Duration.ofNanos(1))).isEqualTo(10_000);
    }

    @Test
    void halvesWhenSlowDownToTheFloor() {
        AdaptiveCount c = new AdaptiveCount();
        assertThat(c.next(Duration.ofMillis(51))).isEqualTo(500);
        assertThat(c.next(Duration.ofSeconds(1))).isEqualTo(250);
        assertThat(c.next(Duration.ofSeconds(1))).isEqualTo(125);
        assertThat(c.next(Duration.ofSeconds(1))).isEqualTo(100);
        assertThat(c.next(Duration.ofSeconds(1))).isEqualTo(100);
    }

    @Test
    void keepsTheCountInBetweenAndAtTheEdges() {
        AdaptiveCount c = new AdaptiveCount();
        assertThat(c.next(Duration.ofMillis(10))).isEqualTo(1_000);
        assertThat(c.next(Duration.ofMillis(30))).isEqualTo(1_000);
        assertThat(c.next(Duration.ofMillis(50))).isEqualTo(1_000);
    }

    @Test
    void startIsClamped() {
        assertThat(new AdaptiveCount(5).current()).isEqualTo(AdaptiveCount.MIN);
        assertThat(new AdaptiveCount(1_000_000).current()).isEqualTo(AdaptiveCount.MAX);
    }
}
