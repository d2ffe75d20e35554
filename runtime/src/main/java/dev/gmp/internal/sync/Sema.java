package dev.gmp.internal.sync;

import dev.gmp.internal.sched.SpinLock;
import dev.gmp.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One runtime semaphore ({@code sync.runtime_Semacquire*} / {@code runtime_Semrelease}; golang/go
 * src/runtime/sema.go, the {@code semaRoot} of one address): a count, and a queue of goroutines parked until it
 * is positive. The sleeping half of {@code Mutex}, {@code RWMutex} and {@code Weighted}.
 *
 * <h2>Protocol (sema.go)</h2>
 * <ul>
 *   <li>{@link #acquire}: take a unit by CAS if {@code count > 0}. Otherwise, under {@link #lock}, count itself
 *       in {@link #nwait}, retry the CAS (a release may have come in between), and if it fails still, queue
 *       (at the tail, or at the head with {@code lifo}: a waiter that already waited goes first), park, and on
 *       wake-up take the ticket or retry from the top.</li>
 *   <li>{@link #release}: add a unit; if {@code nwait} says nobody waits, done (the waiter counts itself before
 *       its last CAS, so either it sees the unit or we see it). Otherwise dequeue the head; with {@code handoff},
 *       take the unit for it ({@link Node#ticket}) so no newcomer can steal it, and yield so that it runs soon,
 *       as Go's {@code goyield}.</li>
 * </ul>
 * Why {@code nwait} is counted before the last CAS (the lost wake-up it prevents, sema.go's "Easy case" and
 * "Harder case"):
 * <pre>
 *   T1 (acquire)                          T2 (release)
 *   CAS fails: count == 0
 *                                         count++ ; reads nwait == 0: returns without waking anyone
 *   lock; nwait++ ; CAS again: succeeds   (without the second CAS, T1 would queue and sleep with count == 1)
 * </pre>
 * and, the other way round, if T2 reads {@code nwait == 1} it takes the lock, which T1 holds from its increment
 * until it is queued, so T2 finds it in the queue. {@code SemaTest} hammers both orders.
 *
 * <p>Waits are not interruptible (Go has no interrupts); the interrupt status is kept for the caller.
 *
 * <p>Differs from Go: one queue per semaphore instead of a treap of addresses per hash bucket (a Java object is
 * its own address); no {@code readyWithTime} profiling.
 */
public final class Sema {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(Sema.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SpinLock lock = new SpinLock();
    private final SyncHome home;
    private final String reason;
    private volatile int count;  // units available: CAS by acquirers, getAndAdd by releasers; both sequentially
                                 // consistent, so a releaser that reads nwait == 0 is seen by the waiter's CAS
    private volatile int nwait;  // written under lock; read racily by release's fast path (sema.go root.nwait)
    private Node head;           // guarded by lock
    private Node tail;           // guarded by lock

    /** A waiter parked in {@link #acquire}; also its park blocker, naming Go's wait reason. */
    private final class Node implements WaitReason {
        final Thread thread = Thread.currentThread();
        Node next;               // guarded by lock
        volatile boolean woken;  // set by the releaser after dequeuing, before unpark
        volatile boolean ticket; // with woken: the releaser took the unit for us (handoff)

        @Override
        public String waitReason() {
            return reason;
        }

        @Override
        public boolean runtimePrimitive() {
            return home.runtimeOnly();
        }
    }

    /**
     * @param reason Go's wait reason shown by a goroutine parked here, e.g. {@code sync.Mutex.Lock}
     */
    public Sema(SyncHome home, String reason, int initial) {
        this.home = home;
        this.reason = reason;
        this.count = initial;
    }

    private boolean canAcquire() {
        for (;;) {
            int v = count;
            if (v == 0) {
                return false;
            }
            if (COUNT.compareAndSet(this, v, v - 1)) {
                return true;
            }
        }
    }

    /** Goroutines queued now (tests). */
    int queued() {
        lock.lock();
        int n = 0;
        for (Node x = head; x != null; x = x.next) {
            n++;
        }
        lock.unlock();
        return n;
    }

    /** semacquire1: takes one unit, parking while there is none. */
    public void acquire(boolean lifo) {
        if (canAcquire()) {
            return;
        }
        boolean interrupted = false;
        for (;;) {
            lock.lock();
            nwait++;
            if (canAcquire()) {
                nwait--;
                lock.unlock();
                break;
            }
            Node n = new Node();
            if (lifo || head == null) {
                n.next = head;
                head = n;
                if (tail == null) {
                    tail = n;
                }
            } else {
                tail.next = n;
                tail = n;
            }
            lock.unlock();
            while (!n.woken) {
                LockSupport.park(n);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (n.ticket || canAcquire()) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** semrelease1: adds one unit and wakes the first waiter; with {@code handoff}, the unit is the waiter's. */
    public void release(boolean handoff) {
        COUNT.getAndAdd(this, 1);
        if (nwait == 0) {
            return;
        }
        lock.lock();
        if (nwait == 0) {
            lock.unlock();
            return;
        }
        Node n = head; // not null: a waiter counts itself in nwait and queues in one critical section
        head = n.next;
        if (head == null) {
            tail = null;
        }
        n.next = null;
        nwait--;
        if (handoff && canAcquire()) {
            n.ticket = true;
        }
        lock.unlock();
        n.woken = true;
        LockSupport.unpark(n.thread);
        if (n.ticket && handoff) {
            Thread.yield(); // goyield: let the new owner run before we race it again
        }
    }
}
