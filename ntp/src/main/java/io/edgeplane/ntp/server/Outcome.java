package io.edgeplane.ntp.server;

/**
 * What {@link RequestAnswerer#answer(java.lang.foreign.MemorySegment, long, int, long, long, long, ServerState,
 * java.lang.foreign.MemorySegment, long)} did with one datagram: wrote a reply of some {@link Answer.Reply.Kind},
 * or dropped it for some {@link DropReason}. Both are enum constants, so an outcome costs no allocation.
 */
public sealed interface Outcome permits Answer.Reply.Kind, DropReason {
}
