package dev.gmp.internal.sched;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The scheduler's search for work (proc.go {@code findRunnable}, {@code stealWork}).
 *
 * <p>Order, as in Go: every 61st schedule tick the global queue first (so a P busy with its local queue cannot
 * starve the global one); then {@code runnext} and the local queue; then the global queue (a batch of
 * {@code min(len/gomaxprocs+1, 128)}); then, if spinning is allowed ({@code 2*nmspinning < gomaxprocs-npidle}),
 * four stealing passes over all Ps in random order, taking half a victim's queue, and its {@code runnext} only
 * on the last pass. Finally the "delicate dance" of dropping the P: give it back, stop spinning, re-check
 * every queue ({@link Spinning}, with the protocol's proof), and park the M.
 *
 * <p>One step is not Go's: a spinning M that found nothing to steal keeps spinning, with its P, for up to
 * {@link #IDLE_SPIN_NS} ({@link #awaitWork}) before the dance. Go's spinning M gives up after its four passes,
 * well under a microsecond with two Ps, and the next {@code wakep} must wake an M from a park, which takes 5 to
 * 10 µs on the machine measured (about 50 at the 99th percentile). A pair of goroutines handing work to each
 * other through {@code java.util.concurrent} at GOMAXPROCS 2 outruns that: the M woken for the partner would
 * arrive after the hand-off is over, and a waiter that lends its partner to a spinning M
 * ({@code Scheduler.hasQueuedWork}) would mostly find none spinning. The JDK's ForkJoinPool, too, lets a worker
 * spin a few hundred rounds before it parks ({@code ForkJoinPool.deactivate}). An M that spins this way is
 * counted in nmspinning, so {@code wakep} wakes nobody meanwhile, and it ends through the same dance as before;
 * the cost is at most {@link #IDLE_SPIN_NS} of one core each time an M allowed to spin runs out of work (at
 * GOMAXPROCS 1, the only M, which then also takes work put on the global queue without being woken).
 *
 * <p>Runs on an M only; called by {@link Machine} with its P held.
 */
final class FindRunnable {
    /** Runnext hand-offs per read of the slice's clock; a power of two. */
    static final int SLICE_CHECK = 16;

    private static final int STEAL_TRIES = 4; // proc.go stealWork: stealTries
    private final Scheduler sched;
    private volatile RandomOrder stealOrder; // replaced under Scheduler.lock on GOMAXPROCS change
    private final ThreadLocal<int[]> stolenBox = ThreadLocal.withInitial(() -> new int[1]);

    FindRunnable(Scheduler sched) {
        this.sched = sched;
    }

    void resetOrder(int n) {
        stealOrder = new RandomOrder(n);
    }

    /**
     * findRunnable: a G to run on mp's P, blocking (parking mp) until there is one. Sets {@code mp.inheritTime}.
     * Returns null only if mp's P was retired meanwhile (the caller re-examines its state).
     */
    Goroutine find(Machine mp) {
        Scheduler s = sched;
        long spinUntil = 0; // set when this search first runs out of work to steal
        while (true) { // top:
            Processor pp = mp.p;
            if (pp == null || pp.id >= s.gomaxprocs || pp.status() == PStatus.DEAD) {
                return null;
            }
            mp.inheritTime = false;
            Goroutine g;
            // Check the global runnable queue once in a while to ensure fairness. Otherwise two goroutines can
            // completely occupy the local runqueue by constantly respawning each other.
            if (pp.schedtick() % 61 == 0 && s.runq.size() > 0) {
                s.lock.lock();
                try {
                    g = s.runq.get(pp, s.gomaxprocs, 1);
                } finally {
                    s.lock.unlock();
                }
                if (g != null) {
                    return g;
                }
            }
            // local runq
            g = pp.runq.getRunnext();
            if (g != null) {
                // The slice's clock is read on every SLICE_CHECK-th hand-off only (a System.nanoTime() costs
                // tens of ns, a tenth of a hand-off): it starts at the first of them, and the slice ends within
                // SLICE_CHECK hand-offs (microseconds) of 10 ms after it.
                int n = ++pp.sliceHandoffs;
                if ((n & (SLICE_CHECK - 1)) != 0) {
                    mp.inheritTime = true; // a runnext G inherits the time slice
                    return g;
                }
                long now = System.nanoTime();
                if (n == SLICE_CHECK) {
                    pp.sliceStart = now;
                }
                if (now - pp.sliceStart < Sysmon.FORCE_PREEMPT_NS) {
                    mp.inheritTime = true;
                    return g;
                }
                expireSlice(pp, g, now);
            }
            g = pp.runq.getRing();
            if (g != null) {
                return g;
            }
            // global runq
            if (s.runq.size() != 0) {
                s.lock.lock();
                try {
                    g = s.runq.get(pp, s.gomaxprocs, 0);
                } finally {
                    s.lock.unlock();
                }
                if (g != null) {
                    return g;
                }
            }
            // Spinning Ms: steal work from other Ps. Limit the number of spinning Ms to half the number of busy
            // Ps. This is necessary to prevent excessive CPU consumption when GOMAXPROCS>>1 but the program
            // parallelism is low.
            if (s.spinning.mayStartSpinning(mp)) {
                g = stealWork(pp);
                if (g != null) {
                    return g;
                }
                if (spinUntil == 0) {
                    spinUntil = System.nanoTime() + IDLE_SPIN_NS;
                }
                if (awaitWork(s.allp, pp, s.runq, spinUntil)) {
                    continue; // top: take it from wherever it appeared
                }
            }

            // We have nothing to do. Before we drop our P, snapshot allp: the P set may change once we do.
            Processor[] allpSnapshot = s.allp;
            s.lock.lock();
            try {
                if (s.runq.size() != 0) {
                    g = s.runq.get(pp, s.gomaxprocs, 0);
                    return g;
                }
                if (!mp.spinning && s.spinning.needspinning.get() == 1) {
                    // See "Delicate dance" below: someone found work it could not take; spin for it.
                    s.spinning.becomeSpinning(mp);
                    continue;
                }
                // return P and block
                s.releasep(mp);
                s.pidleput(pp);
            } finally {
                s.lock.unlock();
            }

            // Delicate dance: the spinning side of the protocol in Spinning (stop spinning, then check every
            // queue again), whose class comment shows why the order matters.
            if (mp.spinning) {
                g = s.spinning.dropAndRecheck(mp, allpSnapshot);
                if (g != null) {
                    return g;
                }
                if (mp.p != null) {
                    continue; // took a P again to go and get work another P has
                }
            }
            s.stopm(mp); // returns with a P
        }
    }

    /**
     * The time slice that the goroutines handing the P to each other through runnext share is used up (10 ms,
     * sysmon's forcePreemptNS): the runnext G inherits nothing and goes to the tail of the global queue, as a
     * preempted G does (goschedImpl), and the P takes its next G in the usual order. In Go, sysmon flags the
     * running G of a slice older than 10 ms and the G stops at its next function call, or at once by signal.
     * Our preemption is cooperative: a G flagged after its last poll parks with the flag unseen (the flag is
     * void on its next run, as in Go), and a pair ping-ponging through runnext spends most of its time in the
     * hand-off itself, after its polls. So the P ends the slice where it is inherited, by its own clock; sysmon
     * still flags a G that runs long without handing off.
     *
     * <p>Rejected: sysmon marking the P's slice expired and the next runnext G starting a fresh slice. Each
     * flag missed restarted sysmon's count, so a ping-ponging pair kept the P for as long as its hand-offs hid
     * the flag (a second and more, starving the main goroutine and the other pair of proc_test.go
     * TestPingPongHog); and sysmon, a platform thread, runs late on a loaded machine. Owner of pp only.
     */
    private void expireSlice(Processor pp, Goroutine g, long now) {
        pp.count(Processor.PREEMPTS);
        sched.events.preemption(g, pp, now - pp.sliceStart);
        pp.sliceHandoffs = 0;
        sched.runq.put(g);
        sched.spinning.wakep(); // as goschedImpl: an idle P may take it sooner than this one
    }

    /**
     * How long a spinning M that found nothing to steal keeps looking, with its P, before it gives the P up and
     * parks: about as long as an M takes to wake from a park here (5 to 10 µs). See the class comment.
     */
    static final long IDLE_SPIN_NS = 8_000;

    /** Thread.onSpinWait calls between two looks at the queues in {@link #awaitWork}. */
    private static final int IDLE_SPIN_PAUSES = 8;

    /**
     * The spinning M's last wait before it gives up its P: spins until the global queue or the ring of a P other
     * than {@code self} has work (true), or until {@code deadline} (false). A P's runnext is left to its owner, as
     * stealWork leaves it but on its last pass. Reads only; any thread.
     */
    static boolean awaitWork(Processor[] all, Processor self, GlobalRunQueue global, long deadline) {
        do {
            for (int i = 0; i < IDLE_SPIN_PAUSES; i++) {
                Thread.onSpinWait();
            }
            if (global.size() != 0) {
                return true;
            }
            for (Processor p2 : all) {
                if (p2 != self && p2.runq.ringSize() != 0) {
                    return true;
                }
            }
        } while (System.nanoTime() - deadline < 0);
        return false;
    }

    /** stealWork: up to four passes over all Ps in random order; runnext only on the last pass. */
    private Goroutine stealWork(Processor pp) {
        Processor[] all = sched.allp;
        RandomOrder order = stealOrder;
        if (order.count != all.length) {
            order = new RandomOrder(all.length);
        }
        int[] stolen = stolenBox.get();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < STEAL_TRIES; i++) {
            boolean stealRunNext = i == STEAL_TRIES - 1;
            int r = rnd.nextInt() & Integer.MAX_VALUE;
            int pos = order.startPos(r);
            int inc = order.stride(r);
            for (int k = 0; k < order.count; k++, pos = (pos + inc) % order.count) {
                Processor p2 = all[pos];
                if (p2 == pp) {
                    continue;
                }
                int st = p2.status();
                if (st == PStatus.IDLE || st == PStatus.DEAD) {
                    continue; // idle Ps have empty queues (idlepMask)
                }
                boolean running = st == PStatus.RUNNING && !(stealRunNext && ownerBlocked(p2));
                Goroutine g = pp.runq.steal(p2.runq, stealRunNext, running, stolen);
                if (g != null) {
                    pp.count(Processor.STEALS);
                    pp.count(Processor.STOLEN, stolen[0]);
                    sched.events.workSteal(pp, p2, stolen[0]);
                    return g;
                }
            }
        }
        return null;
    }

    /**
     * Whether the M holding {@code pp} is blocked in the JVM: its goroutine blocked while pinned (entering a
     * monitor from under a native frame, or parking there), so the JVM blocks the carrier itself. Such an M does
     * not take its {@code runnext} until it is released, so a thief does not give it the few microseconds Go's
     * {@code runqgrab} gives a running P's owner to take its own runnext (which the kernel's timer slack makes
     * tens of microseconds). The goroutine it readied just before blocking, often the one that must run to
     * release it, is then stolen at once, as the JDK's scheduler lets another carrier take it. A carrier's
     * {@code Thread.getState()} shows what a mounted virtual thread is blocked in (the JDK reads it there too).
     */
    static boolean ownerBlocked(Processor pp) {
        Machine m = pp.m;
        if (m == null) {
            return false;
        }
        Thread.State s = m.getState();
        return s == Thread.State.BLOCKED || s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }
}
