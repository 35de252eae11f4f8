package dev.tensorlens.mlstate;

import java.util.Locale;

/** A key's type as {@code TYPE} answers it. */
public enum RedisType {
    STRING, HASH, LIST, SET, ZSET, STREAM, OTHER;

    /** {@code "string"}, {@code "zset"}, … (anything else, such as {@code vectorset} or a module type, is OTHER). */
    public static RedisType fromTypeReply(String reply) {
        try {
            return valueOf(reply.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            return OTHER;
        }
    }
}
