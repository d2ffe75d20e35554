package dev.gmp.internal.sched;

/**
 * The global run queue ("sched.runq" in Go, runtime2.go {@code schedt.runq}; proc.go {@code globrunqput},
 * {@code globrunqputbatch}, {@code globrunqget}): goroutines readied from outside any P (timer and poller threads,
 * platform threads), yielded or preempted goroutines, and the overflow of full local queues.
 *
 * <p>An intrusive FIFO linked through {@link Goroutine#schedlink}. Who may touch what:
 * <ul>
 *   <li>the links, {@code head} and {@code tail}: holders of {@link #lock} only (Go's {@code sched.lock}, which
 *       also guards the scheduler's idle lists, so a caller can take from this queue and put a P on the idle list
 *       in one critical section, as findRunnable must);</li>
 *   <li>{@link #size()}: written under the lock, read racily by anyone (Go reads {@code sched.runqsize} unlocked
 *       as a hint before it takes the lock, and re-checks under it).</li>
 * </ul>
 * A goroutine is on at most one run queue at a time ({@link Goroutine#casTask}), so one link per G suffices.
 */
final class GlobalRunQueue {
    private final SpinLock lock;
    private Goroutine head;        // guarded by lock
    private Goroutine tail;        // guarded by lock
    private volatile int size;     // sched.runqsize: written under lock, read racily

    /** @param lock the lock that guards this queue (the scheduler's {@code sched.lock}) */
    GlobalRunQueue(SpinLock lock) {
        this.lock = lock;
    }

    /** sched.runqsize: racy unless the lock is held. */
    int size() {
        return size;
    }

    /** globrunqput: put g at the tail. Takes the lock. */
    void put(Goroutine g) {
        putBatch(g, g, 1);
    }

    /** globrunqputbatch: put a batch linked through {@code schedlink}, {@code n} long, at the tail. Takes the lock. */
    void putBatch(Goroutine batchHead, Goroutine batchTail, int n) {
        lock.lock();
        try {
            putBatchLocked(batchHead, batchTail, n);
        } finally {
            lock.unlock();
        }
    }

    /** globrunqputbatch with the lock already held. */
    void putBatchLocked(Goroutine batchHead, Goroutine batchTail, int n) {
        batchTail.schedlink = null;
        if (tail != null) {
            tail.schedlink = batchHead;
        } else {
            head = batchHead;
        }
        tail = batchTail;
        size = size + n;
    }

    /**
     * globrunqget: take one G to run and move a fair share ({@code min(size/gomaxprocs+1, max, runq/2)}) to pp's
     * local queue. Lock held. With {@code max} 0, no limit but the local ring's half.
     */
    Goroutine get(Processor pp, int gomaxprocs, int max) {
        if (size == 0) {
            return null;
        }
        int n = size / gomaxprocs + 1;
        if (n > size) {
            n = size;
        }
        if (max > 0 && n > max) {
            n = max;
        }
        if (n > pp.runq.capacity() / 2) {
            n = pp.runq.capacity() / 2;
        }
        size = size - n;
        Goroutine g = unlink();
        n--;
        // No overflow here (its put would take the lock again): callers pass max 1, or come with pp's ring empty,
        // and n is at most half the ring.
        for (; n > 0; n--) {
            Goroutine g1 = unlink();
            if (pp.runq.put(g1, false, this)) {
                pp.count(Processor.OVERFLOWS);
            }
        }
        return g;
    }

    /** Pop one G, or null. Lock held. */
    Goroutine pop() {
        if (size == 0) {
            return null;
        }
        size = size - 1;
        return unlink();
    }

    /** Unlinks the head; the caller has already taken it off {@code size}. Lock held. */
    private Goroutine unlink() {
        Goroutine g = head;
        head = g.schedlink;
        if (head == null) {
            tail = null;
        }
        g.schedlink = null;
        return g;
    }
}
