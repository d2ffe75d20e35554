package dev.gmp.internal.timer;

/**
 * A runtime timer (Go's {@code runtime.timer}, runtime/time.go): a deadline in {@link System#nanoTime()} terms,
 * an optional period, and what to do when it fires.
 *
 * <p>Ownership: {@link #when}, {@link #period} and {@link #index} are guarded by the {@link TimerQueue}'s lock.
 */
public abstract class RuntimeTimer {
    long when;      // t.when: nanoTime deadline
    long period;    // t.period: > 0 for tickers
    int index = -1; // position in the heap, -1 when not pending

    /**
     * Runs on the timer thread with the queue's lock held, so that stop and reset, which take the same lock, see
     * either "not yet fired" or "fired and done". Must be quick and must not block: a non-blocking channel send,
     * an unpark. Work that may take longer is returned and run after the lock is released.
     *
     * @return work to run outside the lock, or null
     */
    protected abstract Runnable fire(long now);

    /** Whether the timer is pending (in the heap). Racy outside the queue's lock. */
    public boolean pending() {
        return index >= 0;
    }
}
