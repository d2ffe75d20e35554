package dev.gmp;

import dev.gmp.internal.sched.SpinLock;
import dev.gmp.internal.chan.ForeignThreads;
import dev.gmp.internal.sched.WaitReason;
import java.util.concurrent.locks.LockSupport;

/**
 * Go's {@code sync.WaitGroup} (sync/waitgroup.go): waits for a collection of goroutines to finish.
 *
 * <pre>{@code
 * var wg = new WaitGroup();
 * for (var url : urls) wg.go(() -> fetch(url));   // Go 1.25 wg.Go: add(1), run in a goroutine, done()
 * wg.await();                                     // wait reason "sync.WaitGroup.Wait"
 * }</pre>
 * A counter that goes negative fails with {@link GoPanic} {@code sync: negative WaitGroup counter}.
 * {@code await} parks the goroutine (a platform thread blocks). It is not interruptible, like Go's Wait.
 */
public final class WaitGroup {
    private final SpinLock lock = new SpinLock();
    private volatile int counter;  // written under lock; read racily by await's fast path
    private Node waiters;          // guarded by lock: goroutines in await
    private final Object home;     // Scheduler of the goroutine that made it (null: made outside any runtime)
    volatile boolean foreign;      // used by a thread that is not a goroutine of home's runtime (deadlock rule)

    /** One goroutine blocked in await; its park blocker. */
    private final class Node implements WaitReason {
        final Thread thread = Thread.currentThread();
        volatile boolean released; // set by the add that reaches zero, before unpark
        Node next;

        @Override
        public String waitReason() {
            return "sync.WaitGroup.Wait";
        }

        @Override
        public boolean runtimePrimitive() {
            return !foreign;
        }
    }

    public WaitGroup() {
        home = ForeignThreads.callerHome();
        foreign = home == null;
    }

    private void noteCaller() {
        if (ForeignThreads.callerHome() != home && !foreign) {
            foreign = true;
        }
    }

    /** {@code wg.Add(delta)}; reaching zero releases every waiter. */
    public void add(int delta) {
        noteCaller();
        lock.lock();
        long v = (long) counter + delta;
        if (v < 0) {
            lock.unlock();
            throw new GoPanic("sync: negative WaitGroup counter");
        }
        if (v > Integer.MAX_VALUE) {
            lock.unlock();
            throw new GoPanic("sync: WaitGroup counter overflows");
        }
        counter = (int) v;
        Node released = null;
        if (v == 0) {
            released = waiters;
            waiters = null;
        }
        lock.unlock();
        while (released != null) {
            Node next = released.next;
            released.released = true;
            LockSupport.unpark(released.thread);
            released = next;
        }
    }

    /** {@code wg.Done()}. */
    public void done() {
        add(-1);
    }

    /** {@code wg.Wait()}: blocks until the counter is zero. */
    public void await() {
        if (counter == 0) {
            return;
        }
        noteCaller();
        lock.lock();
        if (counter == 0) {
            lock.unlock();
            return;
        }
        Node n = new Node();
        n.next = waiters;
        waiters = n;
        lock.unlock();
        boolean interrupted = false;
        while (!n.released) {
            LockSupport.park(n);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code wg.Go(f)} (Go 1.25, sync/waitgroup.go): {@code add(1)}, then run {@code f} in a new goroutine that
     * calls {@code done()} when {@code f} returns or ends by {@link Go#goexit()}. As in Go, {@code f} must not
     * throw: an exception ends the goroutine as an uncaught one (a panic: with {@code panic=exit} the process
     * exits 2) and {@code done()} is not called. Go's reason: a {@code done()} would let {@code await} return
     * and the program finish normally before the panic's report and exit.
     */
    public void go(Runnable f) {
        java.util.Objects.requireNonNull(f, "go of nil func value");
        add(1);
        GmpRuntime.current().go(() -> {
            try {
                f.run();
            } catch (Goexit e) {
                done(); // ended abruptly by Goexit: the task is over all the same
                throw e;
            }
            done();
        }, f); // created by: the caller of wg.go, found by f's class, not by this wrapper's (shared by all)
    }

    /** The counter now (racy; for diagnostics). */
    public int count() {
        return counter;
    }
}
