package dev.gmp.internal.timer;

/**
 * A runtime timer (Go's {@code runtime.timer}, runtime/time.go): a deadline in {@link System#nanoTime()} terms,
 * an optional period, and what to do when it fires.
 *
 * <p>Ownership: {@link #when}, {@link #period} and {@link #index} are guarded by the {@link TimerQueue}'s lock;
 * {@link #firing} is written by the timer thread only.
 *
 * <h2>Channel timers ({@code t.isChan})</h2>
 * A timer whose only effect is a send on a {@code time.Timer}/{@code time.Ticker} channel wakes nobody unless a
 * goroutine is blocked receiving from that channel. Go 1.23+ keeps such a timer in the heap only while a receiver
 * is blocked on it (runtime/time.go {@code needsAdd}, {@code blockTimerChan}), so checkdead does not count it.
 * Here it stays in the heap, but {@link TimerQueue#pending()} leaves it out, and a goroutine blocked on its
 * channel is not asleep for the deadlock rule while {@link #mayFire()} (docs/channels.md, "Deadlock detection").
 */
public abstract class RuntimeTimer {
    final boolean isChan; // t.isChan: fires only by sending on a timer channel
    long when;      // t.when: nanoTime deadline
    long period;    // t.period: > 0 for tickers
    int index = -1; // position in the heap, -1 when not pending
    volatile boolean firing; // set by the timer thread before it takes t off the heap, cleared after fire()

    /** A timer whose firing may wake someone by itself (sleep, afterFunc, a context deadline). */
    protected RuntimeTimer() {
        this(false);
    }

    /** @param isChan whether firing only sends on a timer channel (see class comment) */
    protected RuntimeTimer(boolean isChan) {
        this.isChan = isChan;
    }

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

    /** Whether the timer is pending or being fired now: it may still send. Racy, for the deadlock rule. */
    public boolean mayFire() {
        return firing || index >= 0;
    }
}
