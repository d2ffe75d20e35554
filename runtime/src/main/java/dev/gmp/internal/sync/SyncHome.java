package dev.gmp.internal.sync;

import dev.gmp.internal.chan.ForeignThreads;
import dev.gmp.internal.sched.Scheduler;

/**
 * Which runtime a sync primitive ({@code Mutex}, {@code RWMutex}, {@code Once}, {@code Weighted}) belongs to, for
 * the deadlock rule (docs/channels.md "Deadlock detection"): a goroutine blocked on it is asleep only if no thread
 * outside that runtime (a platform thread, a JDK virtual thread, a goroutine of another runtime) has ever used
 * it, since such a thread could still release it. The same rule channels and {@code WaitGroup} follow.
 *
 * <p>Every operation, fast paths included, calls {@link #noteCaller}: a platform thread that takes a mutex on the
 * fast path and holds it is what keeps the goroutines queued behind it from being reported.
 */
public final class SyncHome {
    private final Scheduler home; // the creating goroutine's scheduler (null: made outside any runtime)
    private volatile boolean foreign; // set once, never cleared

    public SyncHome() {
        home = ForeignThreads.callerHome();
        foreign = home == null;
    }

    /** Records the calling thread; a caller from outside the home runtime makes the primitive foreign for good. */
    public void noteCaller() {
        if (!foreign && ForeignThreads.callerHome() != home) {
            foreign = true;
        }
    }

    /** Whether only goroutines of the home runtime have used it (the waits on it count as asleep). */
    public boolean runtimeOnly() {
        return !foreign;
    }
}
