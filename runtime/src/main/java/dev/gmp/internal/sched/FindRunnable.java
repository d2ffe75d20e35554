package dev.gmp.internal.sched;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The scheduler's search for work (proc.go {@code findRunnable}, {@code stealWork}, {@code checkRunqsNoP}).
 *
 * <p>Order, as in Go: every 61st schedule tick the global queue first (so a P busy with its local queue cannot
 * starve the global one); then {@code runnext} and the local queue; then the global queue (a batch of
 * {@code min(len/gomaxprocs+1, 128)}); then, if spinning is allowed ({@code 2*nmspinning < gomaxprocs-npidle}),
 * four stealing passes over all Ps in random order, taking half a victim's queue, and its {@code runnext} only
 * on the last pass. Finally the "delicate dance" of dropping the P: give it back, stop spinning, re-check
 * every queue (see {@link Scheduler}'s parking protocol), and park the M.
 *
 * <p>Runs on an M only; called by {@link Machine} with its P held.
 */
final class FindRunnable {
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
        while (true) { // top:
            Processor pp = mp.p;
            if (pp == null || pp.id >= s.gomaxprocs || pp.status() == PStatus.DEAD) {
                return null;
            }
            mp.inheritTime = false;
            Goroutine g;
            // Check the global runnable queue once in a while to ensure fairness. Otherwise two goroutines can
            // completely occupy the local runqueue by constantly respawning each other.
            if (pp.schedtick() % 61 == 0 && s.runqsize > 0) {
                s.lock.lock();
                try {
                    g = s.globrunqget(pp, 1);
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
                long now = System.nanoTime();
                if (pp.sliceStart == 0) {
                    pp.sliceStart = now; // the slice's first hand-off
                }
                if (now - pp.sliceStart < Sysmon.FORCE_PREEMPT_NS) {
                    mp.inheritTime = true; // a runnext G inherits the time slice
                    return g;
                }
                expireSlice(pp, g, now);
            }
            g = pp.runq.getRing();
            if (g != null) {
                return g;
            }
            // global runq
            if (s.runqsize != 0) {
                s.lock.lock();
                try {
                    g = s.globrunqget(pp, 0);
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
            if (mp.spinning || 2 * s.nmspinning.get() < s.gomaxprocs - s.npidle.get()) {
                if (!mp.spinning) {
                    s.becomeSpinning(mp);
                }
                g = stealWork(pp);
                if (g != null) {
                    return g;
                }
            }

            // We have nothing to do. Before we drop our P, snapshot allp: the P set may change once we do.
            Processor[] allpSnapshot = s.allp;
            s.lock.lock();
            try {
                if (s.runqsize != 0) {
                    g = s.globrunqget(pp, 0);
                    return g;
                }
                if (!mp.spinning && s.needspinning.get() == 1) {
                    // See "Delicate dance" below: someone found work it could not take; spin for it.
                    s.becomeSpinning(mp);
                    continue;
                }
                // return P and block
                s.releasep(mp);
                s.pidleput(pp);
            } finally {
                s.lock.unlock();
            }

            // Delicate dance: thread transitions from spinning to non-spinning state, potentially concurrently
            // with submission of new work. We must drop nmspinning first and then check all sources again
            // (with a StoreLoad fence in between, which the atomic decrement provides). If we did it the other
            // way around, another thread could submit work after we checked all sources but before we dropped
            // nmspinning; as a result nobody would unpark a thread to run the work.
            if (mp.spinning) {
                mp.spinning = false;
                if (s.nmspinning.decrementAndGet() < 0) {
                    throw new IllegalStateException("findrunnable: negative nmspinning");
                }
                // Check global and P runqueues again.
                Processor pp2 = null;
                s.lock.lock();
                try {
                    if (s.runqsize != 0) {
                        pp2 = s.pidlegetSpinning();
                        if (pp2 != null) {
                            g = s.globrunqget(pp2, 0);
                        }
                    }
                } finally {
                    s.lock.unlock();
                }
                if (pp2 != null) {
                    s.acquirep(mp, pp2);
                    s.becomeSpinning(mp);
                    if (g != null) {
                        return g;
                    }
                    continue;
                }
                pp2 = checkRunqsNoP(allpSnapshot);
                if (pp2 != null) {
                    s.acquirep(mp, pp2);
                    s.becomeSpinning(mp);
                    continue;
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
        pp.sliceStart = 0;
        sched.globrunqput(g);
        sched.wakep(); // as goschedImpl: an idle P may take it sooner than this one
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
                Goroutine g = pp.runq.steal(p2.runq, stealRunNext, st == PStatus.RUNNING, stolen);
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

    /** checkRunqsNoP: after dropping our P, if any P has work, take an idle P to go and get it. */
    private Processor checkRunqsNoP(Processor[] allpSnapshot) {
        for (Processor p2 : allpSnapshot) {
            if (p2.status() != PStatus.IDLE && !p2.runq.isEmpty()) {
                sched.lock.lock();
                try {
                    return sched.pidlegetSpinning(); // null: can't get a P, don't check the rest
                } finally {
                    sched.lock.unlock();
                }
            }
        }
        return null;
    }
}
