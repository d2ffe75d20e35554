package dev.gmp.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The right to run goroutines ("P" in Go, runtime2.go type p). There are GOMAXPROCS of them.
 *
 * <p>Ownership: a P is owned by at most one M at a time ({@link #m}). The owner alone puts to its run queue,
 * bumps its counters and ticks. Other Ms steal from the queue (see {@link LocalRunQueue}); sysmon reads the
 * ticks and may CAS {@link #status} from {@code SYSCALL} to {@code IDLE} (retake); stats read everything racily.
 *
 * <p>Counters are plain per-P longs, as Go's {@code p.schedtick} is a plain uint32: the owner increments them with
 * plain stores and {@code Gmp.stats()} and sysmon read them racily with opaque loads. No atomic read-modify-write
 * and no memory barrier on the hot path (STYLE: Tokio's per-worker batch), and each increment is small enough
 * for the JIT to inline (an opaque read-modify-write was not). A 64-bit HotSpot never tears an aligned long, and
 * the owner's stores reach memory at the latest when it next runs a goroutine (an opaque call the JIT cannot
 * see through). The array is padded so two Ps' counters never share a cache line.
 */
public final class Processor {
    private static final VarHandle STATUS;
    private static final VarHandle GOIDCACHE;
    private static final VarHandle GOIDCACHEEND;
    private static final VarHandle COUNTER = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(Processor.class, "status", int.class);
            GOIDCACHE = l.findVarHandle(Processor.class, "goidcache", long.class);
            GOIDCACHEEND = l.findVarHandle(Processor.class, "goidcacheend", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Counter indexes into counters[]; all written by the owner only.
    static final int SCHEDTICK = 0;    // p.schedtick: incremented on every scheduler call
    static final int SYSCALLTICK = 1;  // p.syscalltick: incremented on every system call
    static final int STEALS = 2;       // successful steals by this P
    static final int STOLEN = 3;       // goroutines this P took by stealing
    static final int OVERFLOWS = 4;    // runqputslow batches moved to the global queue
    static final int PREEMPTS = 5;     // preemptions taken on this P
    static final int SYSCALLS = 6;     // entersyscall calls on this P
    static final int COUNTERS = 7;
    private static final int PAD = 8; // longs of padding before and after the counters: one 64-byte line

    final int id;
    final LocalRunQueue runq;
    @SuppressWarnings("unused")
    private volatile int status; // PStatus; owner sets RUNNING/SYSCALL; sysmon CASes SYSCALL->IDLE
    volatile Machine m;          // p.m: the owning M, null when idle
    Processor link;              // p.link: idle list; guarded by Scheduler.lock
    private final long[] counters = new long[PAD + COUNTERS + PAD];
    final LatencyHistogram.Recorder latency; // owner only
    // goid cache (p.goidcache, p.goidcacheend): a batch of ids taken from sched.goidgen; owner writes, stats
    // read racily (unissuedGoids)
    long goidcache;
    long goidcacheend;
    // The current time slice's runnext hand-offs, and the System.nanoTime() of the SLICE_CHECK-th: the slice the
    // goroutines readied into runnext inherit ends 10 ms after it (FindRunnable.expireSlice). Owner only; reset
    // when a G runs on a fresh slice (Machine.execute without inheritTime).
    int sliceHandoffs;
    long sliceStart;
    // Scheduler.lendToThief's back-off: how many chances to lend runnext are still to be skipped, and the length
    // of the next skip after a loan no thief took. Owner only.
    int lendSkip;
    int lendBackoff;
    // sysmon's view (p.sysmontick); sysmon thread only
    long sysmonSchedtick;
    long sysmonSchedwhen;
    long sysmonSyscalltick;
    long sysmonSyscallwhen;

    Processor(int id, int runqCapacity, LatencyHistogram histogram) {
        this.id = id;
        this.runq = new LocalRunQueue(runqCapacity);
        this.latency = histogram.recorder();
        STATUS.setRelease(this, PStatus.IDLE);
    }

    public int id() {
        return id;
    }

    public int status() {
        return (int) STATUS.getAcquire(this);
    }

    void setStatus(int s) {
        STATUS.setRelease(this, s); // pairs with getAcquire in status() and casStatus
    }

    boolean casStatus(int expect, int update) {
        return STATUS.compareAndSet(this, expect, update);
    }

    /** Owner-only increment of a tick sysmon relies on ({@link #SCHEDTICK}, {@link #SYSCALLTICK}): always on. */
    void tick(int tick) {
        counters[PAD + tick]++;
    }

    /** Owner-only increment of a counter only the stats view reads; nothing when statistics are off. */
    void count(int counter) {
        if (StatsSwitch.on()) { // a constant unless paired: "off" folds the increment away
            counters[PAD + counter]++;
        }
    }

    void count(int counter, long delta) {
        if (StatsSwitch.on()) {
            counters[PAD + counter] += delta;
        }
    }

    /** Racy read for stats, pairs with the owner's opaque store. */
    long counter(int counter) {
        return (long) COUNTER.getOpaque(counters, PAD + counter);
    }

    /**
     * Racy read for stats: how many ids of this P's goid cache are not yet given to a goroutine (0 to 16). The
     * two fields are read apart, so a refill in between can give any value: it is clamped, and the reader
     * ({@link StatsReader}) keeps its total monotonic.
     */
    long unissuedGoids() {
        long end = (long) GOIDCACHEEND.getOpaque(this);
        long next = (long) GOIDCACHE.getOpaque(this);
        return Math.clamp(end - next, 0, GoroutineCreation.GOID_CACHE_BATCH);
    }

    long schedtick() {
        return counter(SCHEDTICK);
    }

    long syscalltick() {
        return counter(SYSCALLTICK);
    }
}
