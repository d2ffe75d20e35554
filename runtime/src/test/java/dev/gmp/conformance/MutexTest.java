package dev.gmp.conformance;

import dev.gmp.Chan;
import dev.gmp.FatalError;
import dev.gmp.Go;
import dev.gmp.Mutex;
import dev.gmp.RWMutex;
import dev.gmp.Select;
import dev.gmp.Time;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go src/sync/mutex_test.go TestMutex (HammerMutex, with Go 1.18's TryLock checks),
 * TestMutexMisuse (every misuseTests case, Mutex and RWMutex) and TestMutexFairness, at GOMAXPROCS 1, 2 and 4.
 * Plus a mutual-exclusion check Go's hammer leaves implicit (a plain counter must not lose increments), and the
 * starvation-mode hand-off of mutex.go.
 *
 * <p>Go 1.19 on the misuse case (a program calling {@code mu.Unlock()} on a fresh Mutex):
 * <pre>
 * fatal error: sync: unlock of unlocked mutex
 *
 * goroutine 1 [running]:
 * sync.fatal({0x468c10?, 0x461040?})
 * 	/usr/lib/go-1.19/src/runtime/panic.go:1031 +0x1e
 * </pre>
 * Here the same message is a thrown {@link FatalError} (see its doc).
 */
@Timeout(120)
class MutexTest {
    private static int counter; // guarded by the mutex under test; a plain field so that a broken lock loses counts

    private static void hammerMutex(Mutex m, int loops, Chan<Boolean> cdone) {
        for (int i = 0; i < loops; i++) {
            if (i % 3 == 0) {
                if (m.tryLock()) {
                    m.unlock();
                }
                continue;
            }
            m.lock();
            counter++;
            m.unlock();
        }
        cdone.send(true);
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testMutex(int procs) {
        GoTesting.run(procs, t -> {
            Mutex m = new Mutex();
            m.lock();
            if (m.tryLock()) {
                t.fatalf("TryLock succeeded with mutex locked");
            }
            m.unlock();
            if (!m.tryLock()) {
                t.fatalf("TryLock failed with mutex unlocked");
            }
            m.unlock();

            counter = 0;
            Chan<Boolean> c = Chan.make();
            for (int i = 0; i < 10; i++) {
                Go.go(() -> hammerMutex(m, 1000, c));
            }
            for (int i = 0; i < 10; i++) {
                c.recv();
            }
            m.lock();
            int got = counter;
            m.unlock();
            // 1000 loops, i % 3 == 0 (334 of them) only try: 666 locked increments per goroutine.
            if (got != 10 * 666) {
                t.fatalf("counter = %d under the mutex, want %d: mutual exclusion broken", got, 10 * 666);
            }
        });
    }

    private static final String[] MISUSE = {
        "Mutex.Unlock", "Mutex.Unlock2", "RWMutex.Unlock", "RWMutex.Unlock2", "RWMutex.Unlock3",
        "RWMutex.RUnlock", "RWMutex.RUnlock2", "RWMutex.RUnlock3",
    };

    private static void misuse(String name) {
        switch (name) {
            case "Mutex.Unlock" -> new Mutex().unlock();
            case "Mutex.Unlock2" -> {
                Mutex mu = new Mutex();
                mu.lock();
                mu.unlock();
                mu.unlock();
            }
            case "RWMutex.Unlock" -> new RWMutex().unlock();
            case "RWMutex.Unlock2" -> {
                RWMutex mu = new RWMutex();
                mu.rLock();
                mu.unlock();
            }
            case "RWMutex.Unlock3" -> {
                RWMutex mu = new RWMutex();
                mu.lock();
                mu.unlock();
                mu.unlock();
            }
            case "RWMutex.RUnlock" -> new RWMutex().rUnlock();
            case "RWMutex.RUnlock2" -> {
                RWMutex mu = new RWMutex();
                mu.lock();
                mu.rUnlock();
            }
            case "RWMutex.RUnlock3" -> {
                RWMutex mu = new RWMutex();
                mu.rLock();
                mu.rUnlock();
                mu.rUnlock();
            }
            default -> throw new IllegalArgumentException(name);
        }
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void testMutexMisuse(int procs) {
        GoTesting.run(procs, t -> {
            for (String name : MISUSE) {
                try {
                    misuse(name);
                    t.errorf("%s: did not fail", name);
                } catch (FatalError e) {
                    if (!e.getMessage().contains("unlocked")) {
                        t.errorf("%s: did not find failure with message about unlocked lock: %s", name,
                                e.getMessage());
                    }
                }
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testMutexFairness(int procs) {
        GoTesting.run(procs, t -> {
            Mutex mu = new Mutex();
            Chan<Boolean> stop = Chan.make();
            Chan<Boolean> stopped = Chan.make();
            try {
                Go.go(() -> {
                    for (;;) {
                        mu.lock();
                        Time.sleep(Duration.ofNanos(100_000));
                        mu.unlock();
                        if (stop.tryRecv() != null) {
                            stopped.send(true);
                            return;
                        }
                    }
                });
                Chan<Boolean> done = Chan.make(1);
                Go.go(() -> {
                    for (int i = 0; i < 10; i++) {
                        Time.sleep(Duration.ofNanos(100_000));
                        mu.lock();
                        mu.unlock();
                    }
                    done.send(true);
                });
                Select.make()
                        .recv(done)
                        .recv(Time.after(Duration.ofSeconds(10)), x -> t.fatalf("can't acquire Mutex in 10 seconds"))
                        .select();
            } finally {
                stop.close();
                stopped.recv();
            }
        });
    }

    /**
     * Starvation mode (mutex.go): a waiter that has waited over 1 ms gets the mutex handed to it. Here, goroutines
     * that lock and unlock in a tight loop (newcomers, always on a CPU) race one goroutine that sleeps between
     * its locks; each of its locks must succeed, which in normal mode alone could take arbitrarily long.
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void starvingWaiterGetsTheMutex(int procs) {
        GoTesting.run(procs, t -> {
            Mutex mu = new Mutex();
            Chan<Boolean> stop = Chan.make();
            Chan<Boolean> finished = Chan.make(4);
            for (int h = 0; h < 4; h++) {
                Go.go(() -> {
                    while (stop.tryRecv() == null) {
                        mu.lock();
                        for (int i = 0; i < 200; i++) {
                            Thread.onSpinWait();
                        }
                        mu.unlock();
                    }
                    finished.send(true);
                });
            }
            for (int i = 0; i < 20; i++) {
                Time.sleep(Duration.ofNanos(200_000));
                mu.lock();
                mu.unlock();
            }
            stop.close();
            for (int h = 0; h < 4; h++) {
                finished.recv();
            }
        });
    }
}
