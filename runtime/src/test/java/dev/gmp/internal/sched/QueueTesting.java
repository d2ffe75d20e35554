package dev.gmp.internal.sched;

/**
 * Goroutine records for the run-queue tests, made without a runtime: a queue only reads a record's links and id,
 * so an unstarted virtual thread stands behind each one and no scheduler is attached.
 */
final class QueueTesting {
    private QueueTesting() {}

    /** {@code n} records with goids 1 to n, in order. */
    static Goroutine[] goroutines(int n) {
        Goroutine[] out = new Goroutine[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Goroutine(null, i + 1, 0, new StackTraceElement[0], false,
                    Thread.ofVirtual().unstarted(() -> {}), null);
        }
        return out;
    }

    /** Pops everything left on {@code q} (taking its lock) into {@code seen}, counting each goid. */
    static void drain(GlobalRunQueue q, SpinLock lock, java.util.concurrent.atomic.AtomicIntegerArray seen) {
        lock.lock();
        try {
            Goroutine g;
            while ((g = q.pop()) != null) {
                seen.incrementAndGet((int) g.goid);
            }
        } finally {
            lock.unlock();
        }
    }
}
