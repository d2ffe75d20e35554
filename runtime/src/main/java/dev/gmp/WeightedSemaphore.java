package dev.gmp;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * Go's {@code semaphore.Weighted} (golang.org/x/sync/semaphore, golang/sync semaphore/semaphore.go): bounds
 * concurrent access to a resource; each caller asks for a weight.
 *
 * <pre>{@code
 * var sem = new WeightedSemaphore(4);                 // semaphore.NewWeighted(4)
 * ContextError err = sem.acquire(ctx, 1);             // if err := sem.Acquire(ctx, 1); err != nil { ... }
 * if (err != null) return err;
 * try { work(); } finally { sem.release(1); }
 * }</pre>
 *
 * <ul>
 *   <li>FIFO: waiters are served in arrival order, and a waiter that does not fit blocks the ones behind it even
 *       if they would fit (so that a large request is not starved by small ones).</li>
 *   <li>{@link #acquire} fails with the context's error, leaving the semaphore unchanged, if the context is done
 *       before the weight is granted, including when it is already done on entry; a request larger than the
 *       semaphore waits for the context without holding up others. It parks with wait reason {@code select}.</li>
 *   <li>{@link #release} of more than is held: {@link GoPanic} {@code semaphore: released more than held}.</li>
 * </ul>
 */
public final class WeightedSemaphore {
    private record Waiter(long n, Chan<Void> ready) {} // ready: closed when the weight is granted

    private final long size;
    private final Mutex mu = new Mutex();
    private long cur;                                                 // guarded by mu
    private final LinkedHashSet<Waiter> waiters = new LinkedHashSet<>(); // guarded by mu; FIFO

    /** {@code semaphore.NewWeighted(n)}: a semaphore of total weight {@code n}. */
    public WeightedSemaphore(long n) {
        this.size = n;
    }

    /**
     * {@code s.Acquire(ctx, n)}: takes weight {@code n}, blocking until it is available or {@code ctx} is done.
     *
     * @return null on success; else {@code ctx.err()}, with the semaphore unchanged
     */
    public ContextError acquire(Context ctx, long n) {
        Chan<Void> done = ctx.done();
        mu.lock();
        if (done.tryRecv() != null) {
            // ctx became done before we could take the weight: fail, even if it is free.
            mu.unlock();
            return ctx.err();
        }
        if (size - cur >= n && waiters.isEmpty()) {
            cur += n; // ctx becoming done now is concurrent with this call: succeeding is correct
            mu.unlock();
            return null;
        }
        if (n > size) {
            mu.unlock(); // doomed: don't make other acquires queue behind it
            done.recv();
            return ctx.err();
        }
        Waiter w = new Waiter(n, Chan.make());
        waiters.add(w);
        mu.unlock();

        if (Select.make().recv(done).recv(w.ready).select() == 0) {
            mu.lock();
            if (w.ready.tryRecv() != null) {
                // Granted after we were cancelled: give it back, as if we had not been.
                cur -= n;
                notifyWaiters();
            } else {
                boolean isFront = waiters.iterator().next() == w;
                waiters.remove(w);
                if (isFront && size > cur) {
                    notifyWaiters(); // we were holding up the queue
                }
            }
            mu.unlock();
            return ctx.err();
        }
        if (done.tryRecv() != null) {
            release(n); // granted, but ctx is done too: fail consistently
            return ctx.err();
        }
        return null;
    }

    /** {@code s.TryAcquire(n)}: takes weight {@code n} if that is possible without waiting; whether it did. */
    public boolean tryAcquire(long n) {
        mu.lock();
        boolean ok = size - cur >= n && waiters.isEmpty();
        if (ok) {
            cur += n;
        }
        mu.unlock();
        return ok;
    }

    /**
     * {@code s.Release(n)}: gives back weight {@code n} and grants waiting requests, in order, while they fit.
     *
     * @throws GoPanic {@code semaphore: released more than held}
     */
    public void release(long n) {
        mu.lock();
        cur -= n;
        if (cur < 0) {
            cur += n;
            mu.unlock();
            throw new GoPanic("semaphore: released more than held");
        }
        notifyWaiters();
        mu.unlock();
    }

    /** Grants the head waiters while they fit; stops at the first that does not (no barging). Holds mu. */
    private void notifyWaiters() {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (size - cur < w.n) {
                break;
            }
            cur += w.n;
            it.remove();
            w.ready.close();
        }
    }
}
