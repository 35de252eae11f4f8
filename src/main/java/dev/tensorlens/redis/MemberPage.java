package dev.tensorlens.redis;

import java.util.List;

/**
 * One page of a set's or sorted set's members ({@link SetMembership#scanMembers}) and where the next page starts.
 *
 * @param nextCursor what to pass for the next page; {@code null} when this was the last
 */
public record MemberPage(List<Member> members, String nextCursor) {

    /** A member's exact bytes, and its score in a sorted set ({@code NaN} in a plain set). */
    public record Member(byte[] value, double score) {
    }

    public MemberPage {
        members = List.copyOf(members);
    }

    public boolean finished() {
        return nextCursor == null;
    }
}
