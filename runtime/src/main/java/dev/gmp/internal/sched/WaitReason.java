package dev.gmp.internal.sched;

/**
 * A park blocker that names Go's wait reason (runtime2.go {@code waitReason}). Runtime primitives park with
 * {@code LockSupport.park(blocker)} where the blocker implements this; dumps and schedtrace read it back with
 * {@code LockSupport.getBlocker(thread)}.
 */
public interface WaitReason {
    /** Go's string, e.g. {@code chan receive}, {@code select}, {@code sleep}. */
    String waitReason();

    /**
     * Whether only goroutines and runtime timers can end this wait (channels, select, WaitGroup), so that a
     * runtime in which every goroutine waits on such things, with no timer pending, is deadlocked.
     */
    default boolean runtimePrimitive() {
        return true;
    }
}
