package dev.gmp;

import dev.gmp.internal.sync.Sema;
import dev.gmp.internal.sync.SyncHome;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Go's {@code sync.RWMutex} (golang/go src/sync/rwmutex.go): a reader/writer mutual exclusion lock, held by any
 * number of readers or by one writer. Waiting readers show wait reason {@code sync.RWMutex.RLock}; a writer
 * waiting for readers to leave, {@code sync.RWMutex.Lock}; a writer waiting for another writer,
 * {@code sync.Mutex.Lock} (the writers' mutex, as in Go).
 *
 * <ul>
 *   <li>A blocked {@link #lock()} excludes new readers: once a writer waits, {@link #rLock()} blocks until it
 *       has had the lock, so readers cannot starve a writer. Hence no recursive read locking: a reader that
 *       read-locks again while a writer waits deadlocks, as in Go.</li>
 *   <li>Not owned: a lock taken by one goroutine may be released by another.</li>
 *   <li>Misuse is a {@link FatalError} with Go's message: {@code sync: Unlock of unlocked RWMutex},
 *       {@code sync: RUnlock of unlocked RWMutex}. After it the lock's state is undefined, as in Go.</li>
 *   <li>Goroutines blocked on it count as asleep for deadlock detection, as for {@link Mutex}.</li>
 * </ul>
 */
public final class RWMutex implements Locker {
    private static final int MAX_READERS = 1 << 30; // rwmutexMaxReaders

    private final SyncHome home = new SyncHome();
    private final Mutex w = new Mutex(home);        // held by pending or active writers
    private final Sema writerSem = new Sema(home, "sync.RWMutex.Lock", 0);  // a writer waits for readers
    private final Sema readerSem = new Sema(home, "sync.RWMutex.RLock", 0); // readers wait for the writer
    // Readers holding or waiting; MAX_READERS less while a writer is pending, so readers see it by the sign.
    private final AtomicInteger readerCount = new AtomicInteger();
    private final AtomicInteger readerWait = new AtomicInteger();  // readers a pending writer still waits for

    /** {@code rw.RLock()}: locks for reading; blocks while a writer holds or waits for the lock. */
    public void rLock() {
        home.noteCaller();
        if (readerCount.incrementAndGet() < 0) {
            readerSem.acquire(false); // a writer is pending: wait for it
        }
    }

    /** {@code rw.TryRLock()}: read-locks if no writer holds or waits for the lock; never blocks. */
    public boolean tryRLock() {
        home.noteCaller();
        for (;;) {
            int c = readerCount.get();
            if (c < 0) {
                return false;
            }
            if (readerCount.compareAndSet(c, c + 1)) {
                return true;
            }
        }
    }

    /**
     * {@code rw.RUnlock()}: undoes one {@link #rLock()}.
     *
     * @throws FatalError {@code sync: RUnlock of unlocked RWMutex}
     */
    public void rUnlock() {
        home.noteCaller();
        int r = readerCount.decrementAndGet();
        if (r < 0) {
            if (r + 1 == 0 || r + 1 == -MAX_READERS) {
                throw new FatalError("sync: RUnlock of unlocked RWMutex");
            }
            if (readerWait.decrementAndGet() == 0) {
                writerSem.release(false); // the last departing reader lets the pending writer in
            }
        }
    }

    /** {@code rw.Lock()}: locks for writing; blocks while readers or another writer hold it. */
    @Override
    public void lock() {
        w.lock(); // first, resolve competition with other writers
        // Announce a pending writer to readers, and count the active ones.
        int r = readerCount.addAndGet(-MAX_READERS) + MAX_READERS;
        if (r != 0 && readerWait.addAndGet(r) != 0) {
            writerSem.acquire(false);
        }
    }

    /** {@code rw.TryLock()}: write-locks if nobody holds the lock; never blocks. */
    public boolean tryLock() {
        if (!w.tryLock()) {
            return false;
        }
        if (!readerCount.compareAndSet(0, -MAX_READERS)) {
            w.unlock();
            return false;
        }
        return true;
    }

    /**
     * {@code rw.Unlock()}: releases the write lock, letting in the readers that queued meanwhile.
     *
     * @throws FatalError {@code sync: Unlock of unlocked RWMutex}
     */
    @Override
    public void unlock() {
        home.noteCaller();
        int r = readerCount.addAndGet(MAX_READERS);
        if (r >= MAX_READERS) {
            throw new FatalError("sync: Unlock of unlocked RWMutex");
        }
        for (int i = 0; i < r; i++) {
            readerSem.release(false);
        }
        w.unlock();
    }

    /** {@code rw.RLocker()}: a {@link Locker} whose lock and unlock are {@link #rLock()} and {@link #rUnlock()}. */
    public Locker rLocker() {
        return new Locker() {
            @Override
            public void lock() {
                rLock();
            }

            @Override
            public void unlock() {
                rUnlock();
            }
        };
    }
}
