package dev.gmp.internal.sched;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The spinning protocol ("sched.nmspinning" in Go; golang/go src/runtime/proc.go, the comment "Worker thread
 * parking/unparking", and {@code wakep}, {@code resetspinning}, {@code findRunnable}'s "delicate dance",
 * {@code pidlegetSpinning}): which M looks for work, and why no readied goroutine is stranded while a P idles.
 *
 * <h2>The problem (proc.go)</h2>
 * We must keep enough Ms running to use the available Ps, and park extra Ms to save CPU. Go rejected centralising
 * all scheduler state (no scalability), direct handoff of a goroutine to a P's M (thrashing: the readying thread
 * may park right after and could have run it itself) and unparking an M whenever work is readied (an M would be
 * woken, find nothing, and park again, over and over). The chosen protocol, which this class ports:
 * <ol>
 *   <li>An M is <em>spinning</em> while it is out of local work and looks for some (global queue, other Ps'
 *       queues); {@link #nmspinning} counts them.</li>
 *   <li>When a goroutine is readied, an M is unparked only if there is an idle P <em>and</em> no M is spinning
 *       ({@link #wakep}): a spinning M will find the goroutine, so one is enough.</li>
 *   <li>A spinning M that finds work stops spinning and calls {@code wakep} in its turn ({@link #resetspinning}):
 *       submitters relied on it, and there may be more work than the one goroutine it took. So spinning Ms come
 *       one at a time and are eventually replaced by working Ms.</li>
 *   <li>At most half the busy Ps have spinning Ms ({@link #mayStartSpinning}): stealing from idle queues at
 *       GOMAXPROCS much larger than the program's parallelism only burns CPU.</li>
 * </ol>
 *
 * <h2>Why no wake-up is lost</h2>
 * Submitter (any thread readying G: {@code Scheduler.execute}, newproc): (S1) put G on a run queue, (S2) a
 * full fence, (S3) read {@code nmspinning}; if it is 0, take an idle P and start a spinning M on it.
 * Spinning M giving up (findRunnable, after it put its P on the idle list; {@link #dropAndRecheck}):
 * (M1) decrement {@code nmspinning} (an atomic read-modify-write: a full fence), (M2) re-check the global queue
 * and every P's run queue; if there is work, take an idle P and spin again.
 * <p>The fences of S2 and M1 are totally ordered. If S2 comes first, G's put happened before M1 and M2 sees G.
 * If M1 comes first, S3 sees the decremented count: 0, and the submitter wakes an M itself; or not 0, and
 * another M is spinning, to which the same argument applies when it stops (through M1 again, or by finding work,
 * where resetspinning's {@code wakep} re-runs S2-S3 on its behalf). Done the other way round (re-check, then
 * decrement), this interleaving strands G:
 * <pre>
 *   T1 (spinning M, giving up)              T2 (submitter)
 *   re-check every queue: nothing
 *                                           put G on the global queue
 *                                           nmspinning == 1: someone is looking, no wakep
 *   nmspinning-- (0); park                  G waits, every P idle
 * </pre>
 * A submitter that finds {@code nmspinning} 0 but no idle P sets {@link #needspinning} under sched.lock
 * ({@link #pidlegetSpinning}). An M about to put its P on the idle list checks it under the same lock and spins
 * instead: whichever of the two takes the lock first, the other sees it (the P is idle for wakep, or the flag is
 * set for the M).
 *
 * <p>Stress tests: {@code SchedulerStressTest.chainsOfWakeups} and {@code millionFromPlatformThreadsEachRunsOnce}
 * (a lost wake-up stops a goroutine forever), and {@code TestRuntimes.assertSettles} after each (a leaked count
 * keeps every later {@code wakep} from waking anyone).
 *
 * <p>Runs on Ms (and, for {@code wakep}, on any thread readying a goroutine). The counts are read racily by
 * sysmon and the stats view.
 */
final class Spinning {
    private final Scheduler sched;
    final AtomicInteger nmspinning = new AtomicInteger();  // sched.nmspinning: Ms with m.spinning set
    final AtomicInteger needspinning = new AtomicInteger(); // sched.needspinning: 1 when wakep found no idle P

    Spinning(Scheduler sched) {
        this.sched = sched;
    }

    /**
     * wakep: try to add one more spinning M and P, if there is an idle P and no M is spinning already.
     * Submitter side of the protocol (S2-S3 in the class comment).
     */
    void wakep() {
        VarHandle.fullFence(); // S2, StoreLoad: pairs with M1 (the spinning M's decrement-then-recheck)
        if (nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) {
            return;
        }
        Processor pp;
        sched.lock.lock();
        try {
            pp = pidlegetSpinning();
            if (pp == null) {
                nmspinning.decrementAndGet();
                return;
            }
        } finally {
            sched.lock.unlock();
        }
        sched.startm(pp, true);
    }

    /**
     * pidlegetSpinning: pidleget for a caller about to spin. If there is none, set needspinning so a non-spinning
     * M about to drop its P spins instead (proc.go "Delicate dance"). sched.lock held.
     */
    Processor pidlegetSpinning() {
        Processor pp = sched.pidleget();
        if (pp == null) {
            needspinning.set(1);
        }
        return pp;
    }

    /** becomeSpinning: m starts looking for work. */
    void becomeSpinning(Machine m) {
        m.spinning = true;
        nmspinning.incrementAndGet();
        needspinning.set(0);
    }

    /**
     * findRunnable's gate before it steals: true if m spins already or may start (at most half the busy Ps have
     * spinning Ms), and m is then spinning.
     */
    boolean mayStartSpinning(Machine m) {
        if (m.spinning || 2 * nmspinning.get() < sched.gomaxprocs - sched.npidle.get()) {
            if (!m.spinning) {
                becomeSpinning(m);
            }
            return true;
        }
        return false;
    }

    /** resetspinning: m found work while spinning; stop spinning and maybe wake another spinner. */
    void resetspinning(Machine m) {
        stopSpinning(m);
        wakep();
    }

    /** m stops spinning: M1 of the protocol (the decrement is the full fence wakep's pairs with). */
    private void stopSpinning(Machine m) {
        m.spinning = false;
        if (nmspinning.decrementAndGet() < 0) {
            throw new IllegalStateException("findrunnable: negative nmspinning");
        }
    }

    /**
     * handoffp's clause "no local work: if there are no spinning or idle Ms, our help is not required... but one
     * must spin": start a spinning M on pp if none spins and no P is idle. Returns whether it did.
     */
    boolean handoffToSpinner(Processor pp) {
        if (nmspinning.get() + sched.npidle.get() == 0 && nmspinning.compareAndSet(0, 1)) {
            needspinning.set(0);
            sched.startm(pp, true);
            return true;
        }
        return false;
    }

    /** startm found no idle P for the spinning M its caller counted in nmspinning (wakep's CAS): undo the count. */
    void uncount() {
        nmspinning.decrementAndGet();
    }

    /** A spinning M lost its P (retired by a GOMAXPROCS decrease): it stops counting as spinning. */
    void retired(Machine m) {
        if (m.spinning) {
            m.spinning = false;
            nmspinning.decrementAndGet();
        }
    }

    /**
     * The "delicate dance" (proc.go findRunnable): mp has put its P on the idle list and was spinning. Stop
     * spinning (M1), then check the global queue and every P's queue again (M2). If there is work, mp takes an idle
     * P and spins again.
     *
     * @param allpSnapshot allp as it was before mp dropped its P (the P set may change once it has)
     * @return a G to run (mp holds a P and spins); or null, with {@code mp.p} set when mp holds a P again and must
     *         look again, or unset when it must park (stopm)
     */
    Goroutine dropAndRecheck(Machine mp, Processor[] allpSnapshot) {
        stopSpinning(mp);
        // Check global and P runqueues again.
        Goroutine g = null;
        Processor pp2 = null;
        sched.lock.lock();
        try {
            if (sched.runq.size() != 0) {
                pp2 = pidlegetSpinning();
                if (pp2 != null) {
                    g = sched.runq.get(pp2, sched.gomaxprocs, 0);
                }
            }
        } finally {
            sched.lock.unlock();
        }
        if (pp2 != null) {
            sched.acquirep(mp, pp2);
            becomeSpinning(mp);
            return g;
        }
        pp2 = checkRunqsNoP(allpSnapshot);
        if (pp2 != null) {
            sched.acquirep(mp, pp2);
            becomeSpinning(mp);
        }
        return null;
    }

    /** checkRunqsNoP: after dropping our P, if any P has work, take an idle P to go and get it. */
    private Processor checkRunqsNoP(Processor[] allpSnapshot) {
        for (Processor p2 : allpSnapshot) {
            if (p2.status() != PStatus.IDLE && !p2.runq.isEmpty()) {
                sched.lock.lock();
                try {
                    return pidlegetSpinning(); // null: can't get a P, don't check the rest
                } finally {
                    sched.lock.unlock();
                }
            }
        }
        return null;
    }
}
