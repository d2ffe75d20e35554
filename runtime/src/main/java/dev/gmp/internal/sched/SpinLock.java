package dev.gmp.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The runtime's short lock (Go's runtime {@code mutex}, lock_futex.go: spin, then yield, then sleep): guards
 * sched.lock's state, the goroutine registry's shards and every channel. Held only for a few field writes; never
 * held across a park. Not reentrant.
 *
 * <h2>Why the scheduler cannot use a ReentrantLock either</h2>
 * Both goroutines and Ms (platform threads holding a P) take these locks. A queued lock hands the wake-up to the
 * first waiter: if that is a goroutine that unmounted while waiting, it must be scheduled before anyone else is
 * woken, and if every P's M is itself parked in the lock's queue behind it, nothing ever runs it (a deadlock seen
 * at GOMAXPROCS=1 with the registry's shards). With this lock nobody is handed anything: the lock is free the
 * moment it is released, and every waiter polls.
 *
 * <h2>Why not a ReentrantLock or a monitor</h2>
 * A contended {@code ReentrantLock} parks the waiting goroutine: an unpark and a trip through the run queue for a
 * critical section of a few dozen nanoseconds, which dominates channel hand-off cost. A monitor pins the carrier
 * on JDK 21-23. So: test-and-test-and-set with a bounded busy spin ({@link #SPIN} rounds of
 * {@code Thread.onSpinWait}), then {@code Thread.yield()}.
 *
 * <h2>A holder descheduled while holding it</h2>
 * A goroutine holding the lock never parks or yields inside the critical section, so the JDK cannot unmount it
 * there; but its carrier (an M, a platform thread) can be descheduled by the OS. A waiter then stops burning CPU
 * after the bounded spin: {@code Thread.yield()} from a goroutine puts it on the global run queue, freeing its M
 * and P for other goroutines (including, with GOMAXPROCS=1, whatever must run for the holder's M to come back);
 * from a platform thread it is the OS's {@code sched_yield}. Progress therefore depends only on the OS
 * rescheduling the holder's thread, as with Go's own runtime mutex.
 */
public class SpinLock {
    private static final VarHandle STATE;
    private static final int SPIN = 64;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SpinLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private volatile int state; // 0 free, 1 held; CAS acquire pairs with the release store in unlock()

    public final void lock() {
        if (!STATE.compareAndSet(this, 0, 1)) {
            lockSlow();
        }
    }

    private void lockSlow() {
        int spins = 0;
        for (;;) {
            if ((int) STATE.getOpaque(this) == 0 && STATE.compareAndSet(this, 0, 1)) {
                return;
            }
            if (++spins < SPIN) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    public final boolean tryLock() {
        return STATE.compareAndSet(this, 0, 1);
    }

    public final void unlock() {
        STATE.setRelease(this, 0);
    }
}
