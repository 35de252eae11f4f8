package dev.tensorlens.ui.browser.value;

/** Where the value pane is with the key it shows. */
public enum ValuePhase {
    /** No key open. */
    EMPTY,
    /** TYPE, size, memory and TTL are on their way. */
    LOADING_INFO,
    /** The key is described; nothing of its content is shown yet (a collection's first page is on its way). */
    READY,
    /** A string larger than the threshold: nothing is read until the user says so. */
    TOO_BIG_ASKS_CONFIRMATION,
    /** A string is being read, with progress. */
    READING,
    /** The bytes are in; they are being decoded off the FX thread. */
    DECODING,
    /** The value (or a collection's first page) is shown. */
    SHOWN,
    /** The key does not exist (any more). */
    MISSING,
    /** Something failed; the model's message says what and why. */
    FAILED
}
