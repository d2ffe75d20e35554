package dev.gmp.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.TestRuntimes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link SpinLock}, with and without back-off: mutual exclusion while goroutines and platform threads contend
 * through every stage of the waiter's spin (the quick tries, the backed-off tries, the yields), and a waiter that
 * outlasts its spin giving its P to other goroutines.
 */
@Timeout(120)
class SpinLockTest {
    /** A plain counter, bumped only under the lock: a lost update means two holders at once. */
    private static final class Counted extends SpinLock {
        long n;

        Counted(boolean backOff) {
            super(backOff);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, false", "2, false", "4, false", "1, true", "2, true", "4, true"})
    void contendedHoldersNeverOverlap(int gomaxprocs, boolean backOff) throws Exception {
        int goroutines = 8;
        int platforms = 2;
        int each = 50_000;
        Counted lock = new Counted(backOff);
        try (TestRuntimes t = new TestRuntimes(gomaxprocs)) {
            CountDownLatch done = new CountDownLatch(goroutines + platforms);
            Runnable work = () -> {
                for (int i = 0; i < each; i++) {
                    lock.lock();
                    try {
                        long v = lock.n;
                        if ((i & 15) == 0) {
                            for (int k = 0; k < 20; k++) {
                                Thread.onSpinWait(); // a longer hold now and then: waiters reach later tries
                            }
                        }
                        lock.n = v + 1;
                    } finally {
                        lock.unlock();
                    }
                }
                done.countDown();
            };
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < platforms; i++) {
                threads.add(Thread.ofPlatform().start(work));
            }
            for (int i = 0; i < goroutines; i++) {
                t.rt.go(work);
            }
            assertTrue(done.await(60, TimeUnit.SECONDS), "holders still running");
            for (Thread th : threads) {
                th.join();
            }
        }
        assertEquals((long) (goroutines + platforms) * each, lock.n);
    }

    /**
     * At GOMAXPROCS 1 a goroutine waits for a lock a platform thread holds until another goroutine has run: the
     * waiter must yield its only P once its spin is over, or the other goroutine never runs and the holder never
     * lets go.
     */
    @ParameterizedTest
    @CsvSource({"1, false", "2, false", "1, true", "2, true"})
    void aWaiterPastItsSpinLetsOtherGoroutinesRun(int gomaxprocs, boolean backOff) throws Exception {
        SpinLock lock = new SpinLock(backOff);
        try (TestRuntimes t = new TestRuntimes(gomaxprocs)) {
            CountDownLatch waiting = new CountDownLatch(1);
            CountDownLatch othersRan = new CountDownLatch(gomaxprocs);
            CountDownLatch acquired = new CountDownLatch(1);
            lock.lock();
            t.rt.go(() -> {
                waiting.countDown();
                lock.lock(); // held by the test thread until the others have run
                lock.unlock();
                acquired.countDown();
            });
            assertTrue(waiting.await(30, TimeUnit.SECONDS));
            Thread.sleep(5); // well past the spin: the waiter is yielding by now
            for (int i = 0; i < gomaxprocs; i++) {
                t.rt.go(othersRan::countDown);
            }
            boolean ran = othersRan.await(30, TimeUnit.SECONDS);
            lock.unlock();
            assertTrue(ran, "goroutines did not run while one waited for the lock");
            assertTrue(acquired.await(30, TimeUnit.SECONDS), "the waiter never took the lock");
        }
    }
}
