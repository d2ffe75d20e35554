package dev.gmp.internal.chan;

import dev.gmp.internal.jdk.VirtualThreadAdapter;
import dev.gmp.internal.sched.Goroutine;
import dev.gmp.internal.sched.Scheduler;
import dev.gmp.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine blocked on channels: the fields Go keeps in the {@code g} for that purpose ({@code g.param},
 * {@code g.selectDone}, {@code g.waiting}, {@code g.waitreason}). It is also the park blocker, so dumps show Go's
 * wait reason ({@code chan receive}, {@code chan send}, {@code select}).
 *
 * <p>Protocol: a waker, holding the channel lock, fills the sudog, writes {@link #param} (volatile), releases
 * the lock, then unparks {@link #thread}. The goroutine parks until it sees {@code param != null}, so spurious
 * wake-ups and an unpark that comes before the park are both harmless.
 */
final class Waiter implements WaitReason {
    private static final VarHandle SELECT_DONE;
    private static final VarHandle SPINNING;

    static {
        try {
            SELECT_DONE = MethodHandles.lookup().findVarHandle(Waiter.class, "selectDone", int.class);
            SPINNING = MethodHandles.lookup().findVarHandle(Waiter.class, "spinning", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    private final String reason;
    volatile Sudog param;    // g.param: the sudog that woke us; written once by the waker
    @SuppressWarnings("unused")
    private volatile int selectDone; // g.selectDone: CAS 0 -> 1 by the one waker that wins a select
    volatile Sudog waiting;  // g.waiting: this goroutine's sudogs (linked by waitlink), for the deadlock rule
    private volatile boolean spinning; // in spinFirst: a waker that clears it (CAS) owes no unpark

    Waiter(Thread thread, String reason) {
        this.thread = thread;
        this.reason = reason;
    }

    /** The CAS that lets exactly one channel wake a goroutine blocked in select. */
    boolean winSelect() {
        return SELECT_DONE.compareAndSet(this, 0, 1);
    }

    /**
     * gopark: block until a waker publishes {@link #param}. Interrupts do not end a channel wait (Go has none).
     *
     * @param rendezvous whether this is a send or receive on an unbuffered channel, which may spin first
     *                   ({@link #spinFirst})
     */
    Sudog park(boolean rendezvous) {
        Sudog s = rendezvous ? spinFirst() : param;
        if (s != null) {
            return s;
        }
        boolean interrupted = false;
        while ((s = param) == null) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return s;
    }

    /** How long a waiter that may spin ({@link #spinFirst}) looks for its waker before it parks. */
    static final long SPIN_NS = 2_000;

    /**
     * Not in Go: before it parks on an unbuffered channel, a goroutine whose P has nothing else to run spins up to
     * {@link #SPIN_NS} for its partner, when another P can run the partner (GOMAXPROCS above 1). Go parks at once
     * because its goroutine switch costs about 100 ns; a virtual thread's unmount and remount cost several times
     * that, and a partner on another P usually answers sooner. Buffered channels and select do not spin: there a
     * waiter woken at once keeps contending for the channel's lock with a partner that fills or drains the buffer,
     * where a parked one lets the partner work through a batch (producer/consumer over a 10-slot buffer at
     * GOMAXPROCS 2 took 1.45 times as long with the spin). Whether the P has other work is
     * {@code Scheduler.hasQueuedWork}, the answer {@code java.util.concurrent}'s spinning waiters get: a partner
     * waiting in this P's runnext is lent to a spinning M first, so a pair handing values back and forth runs on
     * two Ps, as on the JDK's carriers. A waker that finds the waiter spinning skips the unpark ({@link #wake}): an
     * unpark would leave the running waiter a permit, and its next park a spurious return. Returns the waker's
     * sudog, or null.
     */
    private Sudog spinFirst() {
        Sudog s = param;
        if (s != null) {
            return s;
        }
        Goroutine g = VirtualThreadAdapter.currentGoroutine();
        if (g == null) {
            return null;
        }
        Scheduler sched = g.scheduler();
        if (sched.gomaxprocs() == 1 || sched.hasQueuedWork(g)) {
            return null;
        }
        spinning = true;
        long deadline = System.nanoTime() + SPIN_NS;
        do {
            for (int i = 0; i < 16; i++) {
                Thread.onSpinWait();
                if ((s = param) != null) {
                    return s;
                }
            }
        } while (System.nanoTime() - deadline < 0);
        // Park from here on, unless a waker has already cleared the flag: then it published param first, and
        // will not unpark.
        return SPINNING.compareAndSet(this, true, false) ? null : param;
    }

    /**
     * goready's half that is the waker's, after it published {@link #param}: unpark the waiter, unless it is still
     * spinning for param ({@link #spinFirst}) and so needs none.
     */
    void wake() {
        if (!(spinning && SPINNING.compareAndSet(this, true, false))) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public String waitReason() {
        return reason;
    }

    /**
     * Only goroutines can end this wait, unless a non-goroutine thread has ever used one of its channels or one of
     * them is a timer channel whose timer may still fire (Go 1.23+ counts such a timer in checkdead because a
     * blocked receiver puts it in the heap: runtime/time.go {@code blockTimerChan}).
     */
    @Override
    public boolean runtimePrimitive() {
        for (Sudog s = waiting; s != null; s = s.waitlink) {
            if (s.c.foreign || s.c.timerMayFire()) {
                return false;
            }
        }
        return true;
    }
}
