package dev.tensorlens.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The sentences failures become: what the user reads in a status line or an outcome bar. */
class RedisErrorsTest {

    @Test
    void aTimeoutKeepsTheCommandNameAsTheServerWroteIt() {
        String sentence = RedisErrors.describe("SAVE", new CompletionException(
                new RedisCommandTimeoutException("SAVE. Command timed out after 500 millisecond(s)")));
        assertThat(sentence).startsWith("SAVE timed out: SAVE. Command timed out after 500 millisecond(s).");
    }

    @Test
    void aTimeoutInWordsStartsInLowerCase() {
        String sentence = RedisErrors.describe("Reading the key", new RedisCommandTimeoutException("Command timed out"));
        assertThat(sentence).startsWith("Reading the key timed out: command timed out.");
    }
}
