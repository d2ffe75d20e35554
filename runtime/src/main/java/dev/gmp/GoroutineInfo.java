package dev.gmp;

import java.util.List;

/**
 * One goroutine as seen by {@link Gmp#goroutines()} at one instant (what Go prints per goroutine in a
 * {@code debug=2} dump).
 *
 * @param goid         goroutine id, from 1, never reused
 * @param state        Go's status name: {@code idle, runnable, running, syscall, waiting}
 * @param waitReason   what it waits for in Go's words ({@code chan receive}, {@code sleep}, ...), "" unless waiting
 * @param waitingNanos how long it has been waiting or in its syscall, 0 otherwise
 * @param parentGoid   the goroutine that created it, 0 for a platform thread
 * @param createdBy    the frame of the {@code go} call (the whole creating stack with full creation stacks on)
 * @param stack        its stack now, innermost first, without the JDK's virtual-thread machinery
 */
public record GoroutineInfo(long goid, String state, String waitReason, long waitingNanos, long parentGoid,
                            List<StackTraceElement> createdBy, List<StackTraceElement> stack) {
    public GoroutineInfo {
        createdBy = List.copyOf(createdBy);
        stack = List.copyOf(stack);
    }

    /** The bracketed part of the dump header: the wait reason if waiting, else the state. */
    public String headerState() {
        return waitReason.isEmpty() ? state : waitReason;
    }
}
