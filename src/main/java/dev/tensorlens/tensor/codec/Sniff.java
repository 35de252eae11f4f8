package dev.tensorlens.tensor.codec;

/** The sniffer's verdict: which format, how sure, and one sentence saying why. */
public record Sniff(Format format, Confidence confidence, String reason) {

    /** HIGH: a magic number or an explicit spec; MEDIUM: a plausible structure; LOW: a guess or nothing. */
    public enum Confidence { HIGH, MEDIUM, LOW }
}
