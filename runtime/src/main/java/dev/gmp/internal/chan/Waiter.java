package dev.gmp.internal.chan;

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

    static {
        try {
            SELECT_DONE = MethodHandles.lookup().findVarHandle(Waiter.class, "selectDone", int.class);
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

    Waiter(Thread thread, String reason) {
        this.thread = thread;
        this.reason = reason;
    }

    /** The CAS that lets exactly one channel wake a goroutine blocked in select. */
    boolean winSelect() {
        return SELECT_DONE.compareAndSet(this, 0, 1);
    }

    /** gopark: block until a waker publishes {@link #param}. Interrupts do not end a channel wait (Go has none). */
    Sudog park() {
        boolean interrupted = false;
        Sudog s;
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
