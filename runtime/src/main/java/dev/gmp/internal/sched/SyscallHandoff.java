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
        Machine m = g.m;
        Processor pp = m == null ? null : m.p;
        if (pp == null || pp.m != m || g.status() != GStatus.RUNNING) {
            return false; // nested syscall, or not on a P: leave it alone
        }
        Preemption.poll();
        // A preempted G resumes on whichever M runs it next: re-read g.m, not the M captured above (whose p
        // may be null by now, which failed with an NPE on pp.count under bench/ Syscall and BlockingReads).
        m = g.m;
        pp = m == null ? null : m.p;
        if (pp == null || pp.m != m) {
            return false;
        }
        pp.count(Processor.SYSCALLTICK);
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

    /** entersyscallblock: enter, then hand the P off at once (cause "block"). */
    public boolean enterBlock() {
        if (!enter()) {
            return false;
        }
        Goroutine g = sched.current();
        Processor pp = g.m.oldp;
        if (pp != null && pp.casStatus(PStatus.SYSCALL, PStatus.IDLE)) {
            g.m.oldp = null;
            sched.handoffsBlock.increment();
            sched.events.syscallHandoff(pp, g.m, "block", 0);
            sched.handoffp(pp);
        }
        return true;
    }

    /** exitsyscall: call once for every {@link #enter}/{@link #enterBlock} that returned true. */
    public void exit() {
        Goroutine g = sched.current();
        Machine m = g.m;
        Processor oldp = m.oldp;
        m.oldp = null;
        m.inSyscall = false;
        // exitsyscallfast: try to re-acquire the last P.
        if (oldp != null && oldp.status() == PStatus.SYSCALL && oldp.casStatus(PStatus.SYSCALL, PStatus.IDLE)) {
            sched.acquirep(m, oldp);
            oldp.count(Processor.SYSCALLTICK);
            g.setStatus(GStatus.RUNNING, m.id);
            Preemption.poll();
            return;
        }
        // exitsyscallfast_pidle: try to get any other idle P.
        Processor pp;
        sched.lock.lock();
        try {
            pp = sched.pidleget();
        } finally {
            sched.lock.unlock();
        }
        if (pp != null) {
            sched.acquirep(m, pp);
            g.setStatus(GStatus.RUNNING, m.id);
            return;
        }
        // exitsyscall0: no P. The G goes to the global queue (by yielding: the M has no P, so Scheduler.execute
        // puts it there) and, when the continuation returns, the M parks on the idle list (Machine loop).
        g.setStatus(GStatus.RUNNING, m.id);
        Thread.yield();
        // If the yield could not unmount us (pinned: a native frame or, before JDK 24, a monitor), we are still
        // on this M without a P: wait for one here rather than run without it.
        waitForP(g);
    }

    private void waitForP(Goroutine g) {
        Machine m = g.m;
        while (m.p == null || m.p.m != m) {
            Processor pp;
            sched.lock.lock();
            try {
                pp = sched.pidleget();
            } finally {
                sched.lock.unlock();
            }
            if (pp != null) {
                sched.acquirep(m, pp);
                g.setStatus(GStatus.RUNNING, m.id);
                return;
            }
            LockSupport.parkNanos(50_000);
            m = g.m;
        }
    }

    /** Sysmon's retake of pp from a syscall (cause "sysmon"). pp's status was CASed to IDLE by the caller. */
    void retaken(Processor pp, long syscallNanos) {
        pp.count(Processor.SYSCALLTICK);
        sched.handoffsSysmon.increment();
        sched.events.syscallHandoff(pp, null, "sysmon", syscallNanos);
        sched.handoffp(pp);
    }
}
