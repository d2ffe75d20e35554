package dev.gmp.internal.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * System calls: a goroutine about to block its M (native code, file I/O, a designated method) tells the
 * scheduler, so its P can run other goroutines meanwhile (proc.go {@code entersyscall}, {@code exitsyscall},
 * {@code entersyscallblock}, {@code exitsyscallfast}, {@code exitsyscall0}; Go 1.25's model with {@code _Psyscall}).
 *
 * <ul>
 *   <li>{@link #enter}: cheap. The M keeps a claim on its P ({@code m.oldp}) but the P is marked {@code SYSCALL};
 *       sysmon retakes it if the call lasts (see {@link Sysmon}).</li>
 *   <li>{@link #enterBlock}: the call is known to block for long: hand the P off at once.</li>
 *   <li>{@link #exit}: fast path, CAS the old P from {@code SYSCALL} back and carry on; else take any idle P;
 *       else (slow path) the goroutine yields to the global queue and the M parks on the idle list. A goroutine
 *       never runs user code without a P.</li>
 * </ul>
 * Calls from platform threads, and from goroutines of another runtime, are not syscalls: they return false and
 * cost a thread check.
 */
public final class SyscallHandoff {
    private final Scheduler sched;

    SyscallHandoff(Scheduler sched) {
        this.sched = sched;
    }

    /** entersyscall: returns false (and does nothing) if the caller is not a running goroutine of ours. */
    public boolean enter() {
        Goroutine g = sched.current();
        if (g == null) {
            return false;
        }
        // No preemption poll here (Go's entersyscall has none either; exitsyscall polls). Entry hooks run in the
        // middle of JDK code: RandomAccessFile.read is entered between ZipFile's seek and read, under the jar's
        // lock, and a poll that loads a class re-reads that jar and moves the file position under the outer read
        // ("invalid LOC header", then NoClassDefFoundError; seen with the agent and the JDK HttpServer).
        Machine m = g.m;
        Processor pp = m == null ? null : m.p;
        if (pp == null || pp.m != m || g.status() != GStatus.RUNNING) {
            return false; // not on a P: leave it alone
        }
        pp.tick(Processor.SYSCALLTICK);
        pp.count(Processor.SYSCALLS);
        g.waitSince = System.nanoTime();
        g.setStatus(GStatus.SYSCALL, m.id);
        m.inSyscall = true;
        m.oldp = pp;
        m.p = null;
        pp.m = null;
        pp.setStatus(PStatus.SYSCALL); // sysmon may now CAS it to IDLE (retake); pairs with exit's CAS
        return true;
    }

    /**
     * entersyscallblock: enter, then hand the P off at once (cause "block"). The hand-off takes sched.lock while
     * g holds the P it CASed out of {@code SYSCALL}, which no list and no M knows: g must not yield there (at
     * GOMAXPROCS 1 nothing could run it again), so it stays on its M ({@link SpinLock#stay()}).
     */
    public boolean enterBlock() {
        if (!enter()) {
            return false;
        }
        Goroutine g = sched.current();
        Machine m = g.m;
        Processor pp = m.oldp;
        if (pp != null && pp.casStatus(PStatus.SYSCALL, PStatus.IDLE)) {
            m.oldp = null;
            sched.handoffsBlock.increment();
            SpinLock.stay();
            try {
                sched.handoffp(pp);
            } finally {
                SpinLock.unstay();
            }
            sched.events.syscallHandoff(pp, m, "block", 0);
        }
        return true;
    }

    /** exitsyscall: call once for every {@link #enter}/{@link #enterBlock} that returned true. */
    public void exit() {
        Goroutine g = sched.current();
        Machine m = g.m;
        if (m.oldp == null && m.p != null && m.p.m == m && !m.inSyscall) {
            // The goroutine parked inside the region (a park unmounts it: nothing blocked its M after all); its
            // old M gave the P back when the continuation returned (Machine.execute), and the M that resumed it
            // already holds a P. Nothing left to undo.
            g.setStatus(GStatus.RUNNING, m.id);
            return;
        }
        Processor oldp = m.oldp;
        m.oldp = null;
        m.inSyscall = false;
        // exitsyscallfast: try to re-acquire the last P.
        if (oldp != null && oldp.status() == PStatus.SYSCALL && oldp.casStatus(PStatus.SYSCALL, PStatus.IDLE)) {
            sched.acquirep(m, oldp);
            oldp.tick(Processor.SYSCALLTICK);
            g.setStatus(GStatus.RUNNING, m.id);
            Preemption.poll();
            return;
        }
        // exitsyscallfast_pidle: try to get any other idle P.
        if (acquireIdleP(g)) {
            return;
        }
        // exitsyscall0: no P. The G goes to the global queue (by yielding: the M has no P, so Scheduler.execute
        // puts it there) and, when the continuation returns, the M parks on the idle list (Machine loop).
        g.setStatus(GStatus.RUNNING, m.id);
        Thread.yield();
        // If the yield could not unmount us (pinned: a native frame or, before JDK 24, a monitor), we are still
        // on this M without a P: wait briefly for one (see waitForP for why only briefly).
        waitForP(g);
    }

    /**
     * The slow path when the goroutine could not yield (pinned: a native frame such as class loading, or a monitor
     * before JDK 24). Wait briefly for an idle P. If none comes, carry on without one until the goroutine next
     * parks or yields (then its M, having no P, parks on the idle list): a pinned goroutine may hold a lock, such
     * as the class loader's jar, that the goroutines on every P are queueing for, and waiting for their P would
     * deadlock. This is the one place a goroutine runs without a P; it runs as an external thread meanwhile
     * (what it readies goes to the global queue).
     */
    private void waitForP(Goroutine g) {
        long deadline = System.nanoTime() + PINNED_WAIT_NANOS;
        while (!ownsP(g.m)) {
            if (acquireIdleP(g)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                return;
            }
            LockSupport.parkNanos(50_000);
        }
    }

    /** Whether m holds a P (the M running a goroutine outside a syscall does). */
    private static boolean ownsP(Machine m) {
        Processor pp = m.p;
        return pp != null && pp.m == m;
    }

    /**
     * exitsyscallfast_pidle: take any idle P for g and wire it to g's M.
     *
     * <p>Go takes {@code sched.lock} here on the M's own stack, so the goroutine cannot move. Ours is a goroutine
     * taking a {@link SpinLock}, which yields it when contended: g would go to the global queue, its old M
     * (without a P) park on the idle list, and g resume on another M. The M read before the lock would then be
     * stale, and wiring the idle P to it lost that P:
     * <pre>
     *   T1 (g in exit, on M3 without a P)       T2 (M3, then M5)
     *   m = g.m (M3); the fast path fails
     *   pidlegetLocking: lock contended,
     *     Thread.yield: g to the global queue
     *                                           M3: continuation returns, p == nil: stopm, parked idle
     *                                           M5 (holding P5) runs g
     *   g (on M5) gets the lock, pidleget: P1
     *   acquirep(M3, P1)                        P1 running with m=3, M3 idle with p=nil: P1 is gone for good
     * </pre>
     * So g stays on its M while it takes the P ({@link SpinLock#stay()}).
     * SchedulerStressTest.syscallHandoffsSettle finds the lost P without this.
     */
    private boolean acquireIdleP(Goroutine g) {
        SpinLock.stay();
        try {
            Machine m = g.m; // g cannot leave this M before unstay
            Processor pp = sched.pidlegetLocking();
            if (pp == null) {
                return false;
            }
            sched.acquirep(m, pp);
            g.setStatus(GStatus.RUNNING, m.id);
            return true;
        } finally {
            SpinLock.unstay();
        }
    }

    /** How long a pinned goroutine leaving a syscall waits for a P before it goes on without one. */
    private static final long PINNED_WAIT_NANOS = 1_000_000;

    /**
     * The goroutine parked inside its syscall region, so its M returned: hand pp (CASed to IDLE by the caller) off
     * at once, counted as cause "block" (handed off without waiting for sysmon).
     */
    void parkedInSyscall(Processor pp, Machine m, Goroutine g) {
        pp.tick(Processor.SYSCALLTICK);
        sched.handoffsBlock.increment();
        sched.handoffp(pp);
        sched.events.syscallHandoff(pp, m, "block", System.nanoTime() - g.waitSince);
    }

    /** Sysmon's retake of pp from a syscall (cause "sysmon"). pp's status was CASed to IDLE by the caller. */
    void retaken(Processor pp, long syscallNanos) {
        pp.tick(Processor.SYSCALLTICK);
        sched.handoffsSysmon.increment();
        // Hand the P over before anything else: between the CAS and handoffp nobody owns it, and an exporter's
        // hook may block (see JfrSchedEvents.preload) while a goroutine waits for exactly this P.
        sched.handoffp(pp);
        sched.events.syscallHandoff(pp, null, "sysmon", syscallNanos);
    }
}
