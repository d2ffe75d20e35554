package dev.gmp;

import dev.gmp.internal.sync.Sema;
import dev.gmp.internal.sync.SyncHome;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code sync.Mutex} (golang/go src/sync/mutex.go): a mutual exclusion lock whose waiters park the
 * goroutine (its M runs others) with Go's wait reason {@code sync.Mutex.Lock}.
 *
 * <pre>{@code
 * var mu = new Mutex();
 * mu.lock();
 * try { balance += amount; } finally { mu.unlock(); }    // Go: mu.Lock(); defer mu.Unlock()
 * }</pre>
 *
 * <h2>Semantics, as Go's</h2>
 * <ul>
 *   <li>Not reentrant, and not owned: one goroutine may lock it and another unlock it. Locking it twice from the
 *       same goroutine blocks forever; if every goroutine of the runtime ends up blocked like that (or on
 *       channels, {@code WaitGroup}, ...), {@code GmpRuntime.run} reports {@code fatal error: all goroutines
 *       are asleep - deadlock!} (docs/channels.md "Deadlock detection"), as Go does, where a
 *       {@code ReentrantLock} would hang.</li>
 *   <li>{@link #unlock()} of an unlocked mutex: {@link FatalError} {@code sync: unlock of unlocked mutex}.</li>
 *   <li>Normal and starvation modes: in normal mode a woken waiter competes with arriving goroutines (which
 *       usually win: they are on a CPU) and goes back to the head of the queue if it loses; a waiter that has
 *       waited more than 1 ms ({@code starvationThresholdNs}) switches the mutex to starvation mode, in which
 *       {@code unlock} hands ownership straight to the head waiter and newcomers queue at the tail. The mode
 *       ends when the owner was the last waiter or waited less than 1 ms.</li>
 *   <li>Not interruptible, like Go's (the interrupt status is kept).</li>
 * </ul>
 *
 * <h2>Differs from Go</h2>
 * Spinning ({@code runtime_canSpin}) is allowed for 4 rounds of 30 {@code Thread.onSpinWait} on a multi-core
 * machine, without Go's further checks that another P is running and the local run queue is empty. Misuse is a
 * thrown {@link FatalError} rather than the end of the process.
 */
public final class Mutex implements Locker {
    private static final int LOCKED = 1;        // mutexLocked
    private static final int WOKEN = 2;         // mutexWoken: a waiter is awake or spinning; unlock wakes nobody
    private static final int STARVING = 4;      // mutexStarving
    private static final int WAITER_SHIFT = 3;  // mutexWaiterShift: the rest of state counts waiters
    private static final long STARVATION_THRESHOLD_NS = 1_000_000; // starvationThresholdNs
    private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Mutex.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SyncHome home;
    private final Sema sema;
    @SuppressWarnings("unused")
    private volatile int state; // locked | woken | starving | waiters << WAITER_SHIFT; CAS only (any thread)

    public Mutex() {
        this(new SyncHome());
    }

    /** A mutex that is part of another primitive ({@code RWMutex}'s writer lock, {@code Once}): shares its home. */
    Mutex(SyncHome home) {
        this.home = home;
        this.sema = new Sema(home, "sync.Mutex.Lock", 0);
    }

    /** {@code m.Lock()}: locks, blocking while another holds it. */
    @Override
    public void lock() {
        home.noteCaller();
        if (!STATE.compareAndSet(this, 0, LOCKED)) {
            lockSlow();
        }
    }

    /** {@code m.TryLock()} (Go 1.18): locks if it is free now; never blocks. */
    public boolean tryLock() {
        home.noteCaller();
        int old = state;
        if ((old & (LOCKED | STARVING)) != 0) {
            return false;
        }
        // There may be a goroutine waiting for the mutex, but we are running now and can try to grab it first.
        return STATE.compareAndSet(this, old, old | LOCKED);
    }

    private void lockSlow() {
        long waitStartTime = 0;
        boolean starving = false;
        boolean awoke = false;
        int iter = 0;
        int old = state;
        for (;;) {
            // Don't spin in starvation mode: ownership is handed to waiters, we could not take it anyway.
            if ((old & (LOCKED | STARVING)) == LOCKED && canSpin(iter)) {
                // Set woken so that unlock does not wake a waiter that would only compete with us.
                if (!awoke && (old & WOKEN) == 0 && (old >>> WAITER_SHIFT) != 0
                        && STATE.compareAndSet(this, old, old | WOKEN)) {
                    awoke = true;
                }
                for (int i = 0; i < 30; i++) {
                    Thread.onSpinWait();
                }
                iter++;
                old = state;
                continue;
            }
            int next = old;
            if ((old & STARVING) == 0) {
                next |= LOCKED; // don't try to take a starving mutex: newcomers queue
            }
            if ((old & (LOCKED | STARVING)) != 0) {
                next += 1 << WAITER_SHIFT;
            }
            // Switch to starvation mode, but not if the mutex is unlocked now: unlock expects a starving mutex
            // to have waiters, which would not be true then.
            if (starving && (old & LOCKED) != 0) {
                next |= STARVING;
            }
            if (awoke) {
                if ((next & WOKEN) == 0) {
                    throw new FatalError("sync: inconsistent mutex state");
                }
                next &= ~WOKEN; // we were woken (or set it while spinning): clear it either way
            }
            if (!STATE.compareAndSet(this, old, next)) {
                old = state;
                continue;
            }
            if ((old & (LOCKED | STARVING)) == 0) {
                return; // locked by the CAS
            }
            // A waiter that already waited goes back to the head of the queue.
            boolean queueLifo = waitStartTime != 0;
            if (waitStartTime == 0) {
                waitStartTime = System.nanoTime();
            }
            sema.acquire(queueLifo);
            starving = starving || System.nanoTime() - waitStartTime > STARVATION_THRESHOLD_NS;
            old = state;
            if ((old & STARVING) != 0) {
                // Handed off to us in starvation mode: locked is not set and we are still counted as a waiter.
                if ((old & (LOCKED | WOKEN)) != 0 || (old >>> WAITER_SHIFT) == 0) {
                    throw new FatalError("sync: inconsistent mutex state");
                }
                int delta = LOCKED - (1 << WAITER_SHIFT);
                if (!starving || (old >>> WAITER_SHIFT) == 1) {
                    // Leave starvation mode here, considering the wait time: two goroutines could otherwise go
                    // lock-step in the (slow) starvation mode for ever.
                    delta -= STARVING;
                }
                STATE.getAndAdd(this, delta);
                return;
            }
            awoke = true;
            iter = 0;
        }
    }

    /** runtime_canSpin, simplified (see the class doc). */
    private static boolean canSpin(int iter) {
        return iter < 4 && MULTICORE;
    }

    /**
     * {@code m.Unlock()}. Any goroutine may unlock a mutex another locked.
     *
     * @throws FatalError {@code sync: unlock of unlocked mutex}
     */
    @Override
    public void unlock() {
        home.noteCaller();
        int next = (int) STATE.getAndAdd(this, -LOCKED) - LOCKED;
        if (next != 0) {
            unlockSlow(next);
        }
    }

    private void unlockSlow(int next) {
        if (((next + LOCKED) & LOCKED) == 0) {
            STATE.getAndAdd(this, LOCKED); // undo, so the state stays consistent for a caller that catches it
            throw new FatalError("sync: unlock of unlocked mutex");
        }
        if ((next & STARVING) != 0) {
            // Starvation mode: hand ownership to the head waiter, which sets LOCKED itself. The mutex still
            // counts as locked (STARVING is set), so newcomers do not take it.
            sema.release(true);
            return;
        }
        int old = next;
        for (;;) {
            // No waiters, or one is already awake or has taken the lock, or the mutex turned starving (its
            // hand-off chain is not ours): nobody to wake.
            if ((old >>> WAITER_SHIFT) == 0 || (old & (LOCKED | WOKEN | STARVING)) != 0) {
                return;
            }
            int n = (old - (1 << WAITER_SHIFT)) | WOKEN; // the right to wake one
            if (STATE.compareAndSet(this, old, n)) {
                sema.release(false);
                return;
            }
            old = state;
        }
    }

    @Override
    public String toString() {
        int s = state;
        return "Mutex[" + ((s & LOCKED) != 0 ? "locked" : "unlocked") + ((s & STARVING) != 0 ? ", starving" : "")
                + ", waiters=" + (s >>> WAITER_SHIFT) + "]";
    }
}
