package dev.gmp.internal.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * The system monitor ("sysmon" in Go, proc.go): one daemon platform thread that retakes Ps from Ms blocked in
 * syscalls and flags goroutines that run too long for preemption.
 *
 * <p>Tick: 20 µs while it keeps finding work, doubling after 50 idle rounds, up to 10 ms (as Go). With every P
 * idle for a while it sleeps until a P leaves the idle list (Go's {@code sysmonwait}; see {@link #deepSleep}).
 * <p>Retake rule ({@code retake}): a P in {@code SYSCALL} for at least one full tick is retaken if it has local
 * work, or if there is no spinning M and no idle P, or if the syscall has lasted 10 ms; it is then handed off
 * ({@code handoffp}) to an idle or new M. A P whose schedule tick has not moved for 10 ms has its goroutine
 * flagged for preemption ({@code preemptone}).
 */
final class Sysmon implements Runnable {
    static final long FORCE_PREEMPT_NS = 10_000_000L; // forcePreemptNS
    static final long DEEP_SLEEP_NS = 60_000_000_000L; // forcegcperiod / 2: the longest deep sleep
    static final long MAX_DELAY_US = 10_000;            // the longest tick
    static final int DEEP_SLEEP_AFTER = 5;              // rounds at the longest tick with every P idle, first
    private final Scheduler sched;
    private volatile boolean stopped;
    private volatile Thread thread;
    private boolean raised; // sysmon thread only: this runtime counts in Preemption's flagged runtimes
    private volatile long rounds; // sysmon thread only writes: the rounds it has looked at the Ps (tests)

    Sysmon(Scheduler sched) {
        this.sched = sched;
    }

    synchronized void start() {
        if (thread == null) {
            thread = new Thread(null, this, sched.name + "-sysmon", 0, false);
            thread.setDaemon(true);
            thread.start();
        }
    }

    void stop() {
        stopped = true;
        wake();
    }

    /** notewakeup(&sched.sysmonnote): ends a deep sleep. */
    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    long rounds() {
        return rounds;
    }

    @Override
    public void run() {
        int idle = 0;
        long delay = 0; // microseconds
        int allIdle = 0; // consecutive rounds at the longest tick that found every P idle
        while (!stopped) {
            if (idle == 0) {
                delay = 20;
            } else if (idle > 50) {
                delay *= 2;
            }
            if (delay > MAX_DELAY_US) {
                delay = MAX_DELAY_US;
            }
            LockSupport.parkNanos(delay * 1000);
            if (delay == MAX_DELAY_US && mayDeepSleep()) {
                if (++allIdle >= DEEP_SLEEP_AFTER) {
                    allIdle = 0;
                    deepSleep();
                }
            } else {
                allIdle = 0;
            }
            long now = System.nanoTime();
            rounds = rounds + 1;
            if (retake(now) != 0) {
                idle = 0;
            } else {
                idle++;
            }
            sched.sysmonTick(now);
        }
        raise(false); // a stopped runtime flags nothing
    }

    /** Whether it may sleep deeply: every P idle, so nothing can run too long or sit in a syscall, and no hook. */
    private boolean mayDeepSleep() {
        return !sched.hasSysmonHooks() && sched.allPsIdle();
    }

    /**
     * Go's deep sleep (proc.go sysmon, {@code sched.sysmonwait}): with every P idle sysmon has nothing to look
     * at, so rather than wake every 10 ms for nothing it sleeps until {@code Scheduler.pidleget} takes a P off the
     * idle list (every P about to run goroutines passes through it), at most {@link #DEEP_SLEEP_NS}. Never while a
     * schedtrace hook must tick (Go: {@code debug.schedtrace <= 0}).
     *
     * <p>Go wakes it only where a syscall ends, and so leaves a goroutine that starts running meanwhile
     * unpreempted until sysmon's timeout; GMP wakes it at {@code pidleget}, so preemption is never late. That wake
     * is an unpark on the path of the M that takes the P, so sysmon sleeps only after {@value #DEEP_SLEEP_AFTER}
     * rounds in a row at its longest tick found every P idle (at least 50 ms): a service that goes idle between
     * requests pays that unpark at most once per 50 ms, never per request. Woken, it goes on at the tick it had.
     * <pre>
     *   sysmon                                   T (an M taking an idle P)
     *   lock; all idle: sysmonwait = true; unlock
     *                                            lock; pidleget: sysmonwait: false, unpark(sysmon); unlock
     *   park: returns at once (unpark's permit)
     * </pre>
     */
    private void deepSleep() {
        sched.lock.lock();
        try {
            if (!mayDeepSleep() || stopped) {
                return;
            }
            sched.sysmonwait = true;
        } finally {
            sched.lock.unlock();
        }
        long deadline = System.nanoTime() + DEEP_SLEEP_NS;
        long left;
        while (sched.sysmonwait && !stopped && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left); // a spurious return loops: it is no round
        }
        sched.lock.lock();
        try {
            sched.sysmonwait = false;
        } finally {
            sched.lock.unlock();
        }
    }

    /** retake: hand off Ps stuck in syscalls and flag long-running goroutines. Returns Ps retaken. */
    int retake(long now) {
        int n = 0;
        boolean anyPreempt = false;
        for (Processor pp : sched.allp) {
            int s = pp.status();
            boolean sysretake = false;
            if (s == PStatus.RUNNING || s == PStatus.SYSCALL) {
                // Preempt G if it's running on the same schedtick for too long.
                long t = pp.schedtick();
                if (pp.sysmonSchedtick != t) {
                    pp.sysmonSchedtick = t;
                    pp.sysmonSchedwhen = now;
                } else if (pp.sysmonSchedwhen + FORCE_PREEMPT_NS <= now) {
                    anyPreempt |= preemptone(pp);
                    sysretake = true; // in a syscall preemptone does not work: there is no M wired to the P
                }
            }
            if (s == PStatus.SYSCALL) {
                // Retake P from syscall if it's there for more than 1 sysmon tick (at least 20us).
                long t = pp.syscalltick();
                if (!sysretake && pp.sysmonSyscalltick != t) {
                    pp.sysmonSyscalltick = t;
                    pp.sysmonSyscallwhen = now;
                    continue;
                }
                // Don't retake if there is no other work to do, but do retake eventually (10ms).
                if (pp.runq.isEmpty() && sched.spinning.nmspinning.get() + sched.npidle.get() > 0
                        && pp.sysmonSyscallwhen + FORCE_PREEMPT_NS > now) {
                    continue;
                }
                if (pp.casStatus(PStatus.SYSCALL, PStatus.IDLE)) {
                    n++;
                    sched.syscalls.retaken(pp, now - pp.sysmonSyscallwhen);
                }
            }
        }
        raise(anyPreempt || sched.anyFlagged());
        return n;
    }

    /** Tells {@link Preemption} whether this runtime has a goroutine flagged; on a change only. */
    void raise(boolean flagged) {
        if (flagged != raised) {
            raised = flagged;
            Preemption.flaggedRuntimes(flagged ? 1 : -1);
        }
    }

    /** preemptone: flag the goroutine running on pp. */
    private boolean preemptone(Processor pp) {
        Machine m = pp.m;
        Goroutine g = m != null ? m.curg : null;
        if (g == null || g.status() != GStatus.RUNNING) {
            return false;
        }
        g.preemptRunningSince = pp.sysmonSchedwhen;
        g.preempt = true; // publishes preemptRunningSince
        return true;
    }
}
