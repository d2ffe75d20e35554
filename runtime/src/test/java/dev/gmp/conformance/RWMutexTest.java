package dev.gmp.conformance;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.Locker;
import dev.gmp.RWMutex;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go src/sync/rwmutex_test.go TestParallelReaders, TestRWMutex (HammerRWMutex with Go's
 * GOMAXPROCS and reader counts, 1000 iterations) and TestRLocker, plus Go 1.18's TryLock/TryRLock.
 */
@Timeout(180)
class RWMutexTest {
    private static void parallelReader(RWMutex m, Chan<Boolean> clocked, Chan<Boolean> cunlock,
                                       Chan<Boolean> cdone) {
        m.rLock();
        clocked.send(true);
        cunlock.recv();
        m.rUnlock();
        cdone.send(true);
    }

    private static void doTestParallelReaders(int numReaders, int gomaxprocs) {
        GoTesting.run(gomaxprocs, t -> {
            RWMutex m = new RWMutex();
            Chan<Boolean> clocked = Chan.make(), cunlock = Chan.make(), cdone = Chan.make();
            for (int i = 0; i < numReaders; i++) {
                Go.go(() -> parallelReader(m, clocked, cunlock, cdone));
            }
            // Wait for all parallel RLock()s to succeed: each reader holds it until told to let go.
            for (int i = 0; i < numReaders; i++) {
                clocked.recv();
            }
            for (int i = 0; i < numReaders; i++) {
                cunlock.send(true);
            }
            for (int i = 0; i < numReaders; i++) {
                cdone.recv();
            }
        });
    }

    @org.junit.jupiter.api.Test
    void testParallelReaders() {
        doTestParallelReaders(1, 4);
        doTestParallelReaders(3, 4);
        doTestParallelReaders(4, 2);
    }

    private static void reader(GoTesting t, RWMutex rwm, int iterations, AtomicInteger activity,
                               Chan<Boolean> cdone) {
        for (int i = 0; i < iterations; i++) {
            rwm.rLock();
            int n = activity.addAndGet(1);
            if (n < 1 || n >= 10000) {
                rwm.rUnlock();
                t.fatalf("wlock(%d)", n);
            }
            for (int j = 0; j < 100; j++) {
                Thread.onSpinWait();
            }
            activity.addAndGet(-1);
            rwm.rUnlock();
        }
        cdone.send(true);
    }

    private static void writer(GoTesting t, RWMutex rwm, int iterations, AtomicInteger activity,
                               Chan<Boolean> cdone) {
        for (int i = 0; i < iterations; i++) {
            rwm.lock();
            int n = activity.addAndGet(10000);
            if (n != 10000) {
                rwm.unlock();
                t.fatalf("wlock(%d)", n);
            }
            for (int j = 0; j < 100; j++) {
                Thread.onSpinWait();
            }
            activity.addAndGet(-10000);
            rwm.unlock();
        }
        cdone.send(true);
    }

    private static void hammerRWMutex(int gomaxprocs, int numReaders, int iterations) {
        GoTesting.run(gomaxprocs, t -> {
            AtomicInteger activity = new AtomicInteger(); // active readers + 10000 * active writers
            RWMutex rwm = new RWMutex();
            Chan<Boolean> cdone = Chan.make();
            Go.go(() -> writer(t, rwm, iterations, activity, cdone));
            int i;
            for (i = 0; i < numReaders / 2; i++) {
                Go.go(() -> reader(t, rwm, iterations, activity, cdone));
            }
            Go.go(() -> writer(t, rwm, iterations, activity, cdone));
            for (; i < numReaders; i++) {
                Go.go(() -> reader(t, rwm, iterations, activity, cdone));
            }
            for (int k = 0; k < 2 + numReaders; k++) {
                cdone.recv();
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 4, 10})
    void testRWMutex(int procs) {
        int n = 1000;
        hammerRWMutex(procs, 1, n);
        hammerRWMutex(procs, 3, n);
        hammerRWMutex(procs, 10, n);
        if (procs == 10) {
            hammerRWMutex(procs, 5, n);
        }
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void testRLocker(int procs) {
        GoTesting.run(procs, t -> {
            RWMutex wl = new RWMutex();
            Locker rl = wl.rLocker();
            Chan<Boolean> wlocked = Chan.make(1), rlocked = Chan.make(1);
            int n = 10;
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    rl.lock();
                    rl.lock();
                    rlocked.send(true);
                    wl.lock();
                    wlocked.send(true);
                }
            });
            for (int i = 0; i < n; i++) {
                rlocked.recv();
                rl.unlock();
                if (wlocked.tryRecv() != null) {
                    t.fatalf("RLocker() didn't read-lock it");
                }
                rl.unlock();
                wlocked.recv();
                if (rlocked.tryRecv() != null) {
                    t.fatalf("RLocker() didn't respect the write lock");
                }
                wl.unlock();
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void tryLockAndTryRLock(int procs) {
        GoTesting.run(procs, t -> {
            RWMutex rw = new RWMutex();
            if (!rw.tryRLock() || !rw.tryRLock()) {
                t.fatalf("TryRLock failed on a read-locked RWMutex");
            }
            if (rw.tryLock()) {
                t.fatalf("TryLock succeeded with readers in");
            }
            rw.rUnlock();
            rw.rUnlock();
            if (!rw.tryLock()) {
                t.fatalf("TryLock failed on a free RWMutex");
            }
            if (rw.tryRLock() || rw.tryLock()) {
                t.fatalf("TryRLock or TryLock succeeded with a writer in");
            }
            rw.unlock();
        });
    }
}
