package dev.gmp;

import java.util.List;

/**
 * Goroutines blocked longer than the leak threshold at one creation site with one wait reason: maybe leaked,
 * maybe legitimately idle (an accept loop, a ticker). A site whose count rises scan after scan is Go's third
 * leak cause, "ever-growing waits": {@link #growing()}.
 *
 * @param createdBy          the {@code go} call's frame shared by the group (empty if unknown)
 * @param waitReason         what they wait for, in Go's words
 * @param count              how many are blocked past the threshold now
 * @param oldestBlockedNanos how long the longest-blocked one has waited
 * @param added              how many more than at the previous scan (negative: fewer)
 * @param risingScans        consecutive scans, up to this one, in which the count rose
 * @param growing            the count rose at each of the last {@value #GROWTH_SCANS} scans
 * @param goids              the first goroutine ids of the group, ascending (at most 10)
 * @param stack              the stack of one of them (its last sampled stack), innermost first
 */
public record SuspectedLeak(List<StackTraceElement> createdBy, String waitReason, int count,
                            long oldestBlockedNanos, int added, int risingScans, boolean growing, List<Long> goids,
                            List<StackTraceElement> stack) {
    /** Consecutive rising scans that make a site {@link #growing()}. */
    public static final int GROWTH_SCANS = 3;

    public SuspectedLeak {
        createdBy = List.copyOf(createdBy);
        goids = List.copyOf(goids);
        stack = List.copyOf(stack);
    }
}
