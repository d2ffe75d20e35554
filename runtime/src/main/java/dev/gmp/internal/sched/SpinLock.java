package dev.gmp.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The runtime's short lock (Go's runtime {@code mutex}, lock_futex.go, which spins, yields, then sleeps; this one
 * spins, then yields, and never sleeps): guards sched.lock's state, the goroutine registry's shards and every
 * channel. Held only for a few field writes; never held across a park. Not reentrant.
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
 * on JDK 21-23. So: test-and-test-and-set with a bounded busy spin, then {@code Thread.yield()}.
 *
 * <h2>How a waiter spins</h2>
 * A waiter tries the lock {@value #SPIN} times, one {@code Thread.onSpinWait} apart: a scheduler's critical
 * section is a few field writes, and the waiter (often an M with work to hand over) takes the lock the moment it
 * is free. A lock made with {@code backOff} (a channel's) tries {@value #QUICK_TRIES} times so, which catches one
 * short critical section, as a pair handing values over waits out; then, as Go's runtime mutex ({@code lock2} in
 * lock_futex.go: {@code active_spin} = 4 tries, {@code procyield(30)} between them), {@value #SLOW_TRIES} times
 * {@value #BACKOFF} pauses apart. That back-off is what makes a channel shared by producers and consumers on two
 * Ps fast: a waiter polling at every pause takes the lock's cache line from the holder at every poll and wins the
 * lock between any two of the holder's operations, so the two cores pass the lock and the buffer's lines back and
 * forth on every value. Backed off, the holder runs a batch of operations on lines its core already holds
 * (docs/performance.md has the figures). The scheduler's own locks keep the quick tries: there a waiter that
 * slept a microsecond past a release would only lose the time, as yielding goroutines queueing on the global
 * queue's lock did.
 *
 * <h2>A holder descheduled while holding it</h2>
 * A goroutine holding the lock never parks or yields inside the critical section, so the JDK cannot unmount it
 * there; but its carrier (an M, a platform thread) can be descheduled by the OS. A waiter then stops burning CPU
 * after the bounded spin: {@code Thread.yield()} from a goroutine puts it on the global run queue, freeing its M
 * and P for other goroutines (including, with GOMAXPROCS=1, whatever must run for the holder's M to come back);
 * from a platform thread it is the OS's {@code sched_yield}. Progress therefore depends only on the OS
 * rescheduling the holder's thread, as with Go's own runtime mutex.
 *
 * <h2>Runtime code that must stay on its M</h2>
 * Go runs the scheduler's own code on the M's stack, where lock() cannot move the caller to another M. Ours runs
 * on the goroutine, and a yield in {@link #lockSlow} moves it: harmless for a goroutine that holds nothing, fatal
 * for one that has read its M and is about to wire a P to it, or that holds a P taken off every list
 * (SyscallHandoff.acquireIdleP, SyscallHandoff.enterBlock). Such code brackets its locking with {@link #stay()}
 * and {@link #unstay()} (Go: {@code m.locks++}): this thread's waits then only spin.
 */
public class SpinLock {
    private static final VarHandle STATE;
    private static final int SPIN = 64;
    private static final int QUICK_TRIES = 4;
    private static final int SLOW_TRIES = 4;  // lock_futex.go active_spin
    private static final int BACKOFF = 30;    // lock_futex.go active_spin_cnt: pauses between slow tries
    // Per thread: how many stay() brackets are open. Read on the slow path only, after the spin.
    private static final ThreadLocal<int[]> STAYS = ThreadLocal.withInitial(() -> new int[1]);

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SpinLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private volatile int state; // 0 free, 1 held; CAS acquire pairs with the release store in unlock()
    private final boolean backOff;

    /** A lock whose waiters try one pause apart (the scheduler's locks). */
    public SpinLock() {
        this(false);
    }

    /** {@code backOff}: waiters back off between tries as Go's runtime mutex does (see the class comment). */
    public SpinLock(boolean backOff) {
        this.backOff = backOff;
    }

    public final void lock() {
        if (!STATE.compareAndSet(this, 0, 1)) {
            lockSlow();
        }
    }

    private void lockSlow() {
        int spin = backOff ? QUICK_TRIES + SLOW_TRIES : SPIN; // tries before the waiter yields
        int tries = 0;
        boolean yields = true; // decided once, after the bounded spin
        for (;;) {
            if ((int) STATE.getOpaque(this) == 0 && STATE.compareAndSet(this, 0, 1)) {
                return;
            }
            if (tries < spin) {
                int pauses = backOff && tries >= QUICK_TRIES ? BACKOFF : 1;
                tries++;
                for (int i = 0; i < pauses; i++) {
                    Thread.onSpinWait();
                }
                continue;
            }
            if (tries == spin) {
                tries++;
                yields = STAYS.get()[0] == 0;
            }
            if (yields) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Until the matching {@link #unstay()}, a contended lock taken by this thread spins instead of yielding, so a
     * goroutine stays on its M (see the class comment). Brackets nest.
     */
    static void stay() {
        STAYS.get()[0]++;
    }

    static void unstay() {
        STAYS.get()[0]--;
    }

    public final boolean tryLock() {
        return STATE.compareAndSet(this, 0, 1);
    }

    public final void unlock() {
        STATE.setRelease(this, 0);
    }
}
