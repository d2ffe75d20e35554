package dev.gmp.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A P's local run queue and {@code runnext} slot (proc.go {@code runqput}, {@code runqget}, {@code runqgrab},
 * {@code runqsteal}; runtime2.go {@code p.runq}, {@code p.runqhead}, {@code p.runqtail}, {@code p.runnext}).
 *
 * <p>A single-producer, multi-consumer ring. Who may touch what (runtime2.go):
 * <ul>
 *   <li>{@code tail} and the slots at or after it: the owner P's M only (plain write, then store-release of tail).</li>
 *   <li>{@code head}: any consumer (the owner, or a thief), by CAS-release.</li>
 *   <li>{@code runnext}: "other P's may atomically CAS this to zero, only the owner P can CAS it to a valid G".</li>
 * </ul>
 * A thief reads slots in {@code [head, tail)} before its CAS on head; if the owner overwrote one meanwhile, the
 * CAS fails and the copy is discarded, exactly as in Go. Java reference reads never tear, so this is safe.
 *
 * <p>Overflow: when the ring is full, {@code runqputslow} moves half of it plus the new G to the global queue in
 * one batch ({@link GlobalRunQueue#putBatch}): the queue is given the global queue, not the scheduler, so it is
 * tested alone.
 */
final class LocalRunQueue {
    private static final long RUNNEXT_STEAL_DELAY_NS = 3_000; // proc.go runqgrab: usleep(3)
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RUNNEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(LocalRunQueue.class, "head", int.class);
            TAIL = l.findVarHandle(LocalRunQueue.class, "tail", int.class);
            RUNNEXT = l.findVarHandle(LocalRunQueue.class, "runnext", Goroutine.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Goroutine[] ring; // slots; see class comment for ownership
    private final int mask;
    @SuppressWarnings("unused") private volatile int head; // consumers CAS-release; read acquire
    @SuppressWarnings("unused") private volatile int tail; // owner store-release; read acquire by thieves
    @SuppressWarnings("unused") private volatile Goroutine runnext; // owner CAS to a G; anyone CAS to null
    private volatile Thread napper; // a thief sleeping before it takes runnext (grab); best effort, one of them

    LocalRunQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("run queue capacity must be a power of two >= 2: " + capacity);
        }
        ring = new Goroutine[capacity];
        mask = capacity - 1;
    }

    int capacity() {
        return ring.length;
    }

    /**
     * runqput: put g on the local queue; with {@code next}, into runnext, kicking the old runnext to the tail.
     * Owner only. On overflow, half of the ring and g go to {@code global} in one batch (runqputslow).
     *
     * @return true if the queue overflowed, for the caller to count
     */
    boolean put(Goroutine g, boolean next, GlobalRunQueue global) {
        if (next) {
            Goroutine old;
            do {
                old = (Goroutine) RUNNEXT.getVolatile(this);
            } while (!RUNNEXT.compareAndSet(this, old, g));
            if (old == null) {
                return false;
            }
            g = old; // kick the old runnext out to the regular run queue
        }
        boolean overflowed = false;
        while (true) {
            int h = (int) HEAD.getAcquire(this); // synchronizes with consumers' CAS-release
            int t = (int) TAIL.get(this);        // owner's own field: plain read
            if (t - h < ring.length) {
                ring[t & mask] = g;
                TAIL.setRelease(this, t + 1); // makes the slot available; pairs with getAcquire in grab/get
                return overflowed;
            }
            if (putSlow(g, h, t, global)) {
                return true;
            }
            // the queue is not full any more (a thief took some): the put above must succeed
        }
    }

    /** runqputslow: move half the ring plus g to the global queue in one batch. Owner only. */
    private boolean putSlow(Goroutine g, int h, int t, GlobalRunQueue global) {
        int n = (t - h) / 2;
        if (n != ring.length / 2) {
            throw new IllegalStateException("runqputslow: queue is not full");
        }
        Goroutine[] batch = new Goroutine[n + 1];
        for (int i = 0; i < n; i++) {
            batch[i] = ring[(h + i) & mask];
        }
        if (!HEAD.compareAndSet(this, h, h + n)) { // cas-release, commits consume
            return false;
        }
        batch[n] = g;
        for (int i = 0; i < n; i++) {
            batch[i].schedlink = batch[i + 1];
        }
        batch[n].schedlink = null;
        global.putBatch(batch[0], batch[n], n + 1);
        return true;
    }

    /** runqget: runnext first, then the ring. Owner only. Returns null if empty. */
    Goroutine get() {
        Goroutine g = getRunnext();
        return g != null ? g : getRing();
    }

    /** The runnext half of runqget: the G inherits the current time slice. Owner only. */
    Goroutine getRunnext() {
        Goroutine next = (Goroutine) RUNNEXT.getVolatile(this);
        // If the CAS fails, a thief took it (only the owner sets runnext non-null): no retry needed.
        if (next != null && RUNNEXT.compareAndSet(this, next, null)) {
            return next;
        }
        return null;
    }

    /** The ring half of runqget. Any consumer (the owner; or a drainer of a retired P). */
    Goroutine getRing() {
        while (true) {
            int h = (int) HEAD.getAcquire(this); // synchronizes with other consumers
            int t = (int) TAIL.getAcquire(this);
            if (t == h) {
                return null;
            }
            Goroutine g = ring[h & mask];
            if (HEAD.compareAndSet(this, h, h + 1)) { // cas-release, commits consume
                return g;
            }
        }
    }

    /**
     * runqgrab: take half of this queue into {@code dst}'s ring starting at {@code dstTail}. Any thread.
     * With {@code stealRunNext}, may take runnext when the ring is empty.
     *
     * @param victimRunning whether the victim P is running (then sleep, as Go does, before stealing its runnext,
     *                      so we do not steal the G it is about to run)
     */
    int grab(Goroutine[] dst, int dstMask, int dstTail, boolean stealRunNext, boolean victimRunning) {
        while (true) {
            int h = (int) HEAD.getAcquire(this); // synchronizes with other consumers
            int t = (int) TAIL.getAcquire(this); // synchronizes with the producer's setRelease
            int n = t - h;
            n = n - n / 2;
            if (n == 0) {
                if (stealRunNext) {
                    Goroutine next = (Goroutine) RUNNEXT.getVolatile(this);
                    if (next != null) {
                        if (victimRunning) {
                            // Go: usleep(3) so the victim can take its own runnext first. A sleep, not a spin:
                            // the kernel's timer slack makes it tens of microseconds, as it makes Go's, and a
                            // thief busy-waiting 3 us took a core from the Ms handing off (ping-pong at
                            // GOMAXPROCS 2 was 14 % slower). An owner that lends its runnext (lendRunnext)
                            // wakes the thief at once.
                            napper = Thread.currentThread();
                            if (RUNNEXT.getVolatile(this) == next) {
                                LockSupport.parkNanos(RUNNEXT_STEAL_DELAY_NS);
                            }
                            napper = null;
                            if ((int) TAIL.getAcquire(this) != t) {
                                continue; // lent to the ring meanwhile: take it from there
                            }
                        }
                        if (!RUNNEXT.compareAndSet(this, next, null)) {
                            continue;
                        }
                        dst[dstTail & dstMask] = next;
                        return 1;
                    }
                }
                return 0;
            }
            if (n > ring.length / 2) { // read inconsistent h and t
                continue;
            }
            for (int i = 0; i < n; i++) {
                dst[(dstTail + i) & dstMask] = ring[(h + i) & mask];
            }
            if (HEAD.compareAndSet(this, h, h + n)) { // cas-release, commits consume
                return n;
            }
        }
    }

    /**
     * runqsteal: steal half of {@code victim}'s queue into this one; returns one G to run, or null.
     * Called by this queue's owner only.
     *
     * @param stolen out: {@code stolen[0]} receives the number of goroutines taken
     */
    Goroutine steal(LocalRunQueue victim, boolean stealRunNext, boolean victimRunning, int[] stolen) {
        int t = (int) TAIL.get(this);
        int n = victim.grab(ring, mask, t, stealRunNext, victimRunning);
        stolen[0] = n;
        if (n == 0) {
            return null;
        }
        n--;
        Goroutine g = ring[(t + n) & mask];
        ring[(t + n) & mask] = null;
        if (n == 0) {
            return g;
        }
        int h = (int) HEAD.getAcquire(this); // synchronizes with consumers
        if (t - h + n >= ring.length) {
            throw new IllegalStateException("runqsteal: runq overflow");
        }
        TAIL.setRelease(this, t + n); // makes the items available for consumption
        return g;
    }

    /**
     * Moves runnext to the empty ring, where a thief takes it without the sleep {@link #grab} gives a running P's
     * runnext, and wakes a thief sleeping there. Owner only; false (and nothing moved) when the ring holds
     * goroutines or runnext is empty. Not in Go: {@link Scheduler#hasQueuedWork} uses it to split a pair that
     * hands off through {@code java.util.concurrent} onto two Ps.
     */
    boolean lendRunnext(GlobalRunQueue global) {
        if ((int) HEAD.getAcquire(this) != (int) TAIL.get(this)) {
            return false;
        }
        Goroutine next = (Goroutine) RUNNEXT.getVolatile(this);
        if (next == null || !RUNNEXT.compareAndSet(this, next, null)) {
            return false;
        }
        put(next, false, global);
        Thread thief = napper;
        if (thief != null) {
            LockSupport.unpark(thief);
        }
        return true;
    }

    /**
     * Busy-waits up to {@code nanos} for thieves to empty the ring (after {@link #lendRunnext}); true if they did.
     * Owner only: nothing else adds to the ring meanwhile.
     */
    boolean awaitStolen(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while ((int) HEAD.getAcquire(this) != (int) TAIL.get(this)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /** Number of goroutines in the ring plus runnext; racy when read by others (schedtrace's view). */
    int size() {
        int h = (int) HEAD.getAcquire(this);
        int t = (int) TAIL.getAcquire(this);
        int n = Math.max(0, t - h);
        return RUNNEXT.getAcquire(this) != null ? n + 1 : n;
    }

    /** Ring length only, as Go's schedtrace prints (runqtail - runqhead). */
    int ringSize() {
        int h = (int) HEAD.getAcquire(this);
        int t = (int) TAIL.getAcquire(this);
        return Math.max(0, t - h);
    }

    boolean hasRunnext() {
        return RUNNEXT.getAcquire(this) != null;
    }

    /** runqempty: true if nothing to run. Reads head, tail, runnext, then re-reads tail, as Go does. */
    boolean isEmpty() {
        while (true) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            Goroutine next = (Goroutine) RUNNEXT.getAcquire(this);
            if ((int) TAIL.getAcquire(this) == t) {
                return h == t && next == null;
            }
        }
    }

    /** Drain everything (ring and runnext) into the global queue; owner only, used when a P is retired. */
    void drainTo(GlobalRunQueue global) {
        Goroutine g;
        while ((g = get()) != null) {
            global.put(g);
        }
    }
}
