package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Semantics of golang/go src/runtime/proc.go checkdead for goroutines blocked in sync.Mutex and sync.RWMutex
 * (runtime2.go waitReasonSyncMutexLock, waitReasonSyncRWMutexRLock, waitReasonSyncRWMutexLock): a runtime whose
 * goroutines are all blocked on them is reported as deadlocked, with Go's wait reasons in the dump.
 *
 * <p>Go 1.19 running {@code var mu sync.Mutex; mu.Lock(); mu.Lock()} in main (Go 1.20 and later print the wait
 * reason {@code sync.Mutex.Lock} where 1.19 prints {@code semacquire}):
 * <pre>
 * fatal error: all goroutines are asleep - deadlock!
 *
 * goroutine 1 [semacquire]:
 * sync.runtime_SemacquireMutex(0xc00008c000?, 0x0?, 0xc000080000?)
 * 	/usr/lib/go-1.19/src/runtime/sema.go:77 +0x25
 * sync.(*Mutex).lockSlow(0xc00008c000)
 * 	/usr/lib/go-1.19/src/sync/mutex.go:171 +0x165
 * sync.(*Mutex).Lock(...)
 * 	/usr/lib/go-1.19/src/sync/mutex.go:90
 * main.main()
 * 	/tmp/gotb/mu/main.go:8 +0x6c
 * exit status 2
 * </pre>
 * and with {@code rw.RLock(); go func() { rw.Lock() }(); time.Sleep(10ms); rw.RLock()}:
 * <pre>
 * goroutine 1 [semacquire]:
 * sync.runtime_SemacquireMutex(0x989680?, 0x0?, 0x45f320?)
 * 	/usr/lib/go-1.19/src/runtime/sema.go:77 +0x25
 * sync.(*RWMutex).RLock(...)
 * ...
 * goroutine 5 [semacquire]:
 * ...
 * sync.(*RWMutex).Lock(0xc0000387b8?)
 * </pre>
 */
@Timeout(60)
class SyncDeadlockTest {
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private GmpRuntime runtime(int procs) {
        return GmpRuntime.builder().name("syncdl").gomaxprocs(procs).onFatal(m -> { })
                .err(new PrintStream(errBytes, true)).build();
    }

    private String expectDeadlock(int procs, Runnable main) {
        try (GmpRuntime rt = runtime(procs)) {
            DeadlockError e = assertThrows(DeadlockError.class, () -> rt.run(main));
            assertTrue(e.getMessage().startsWith("fatal error: all goroutines are asleep - deadlock!\n\n"),
                    e.getMessage());
            return e.getMessage();
        }
    }

    @Test
    void mutexLockedTwiceInMain() {
        String m = expectDeadlock(1, () -> {
            Mutex mu = new Mutex();
            mu.lock();
            mu.lock();
        });
        assertTrue(m.contains("goroutine 1 [sync.Mutex.Lock]:\n"), m);
        assertTrue(m.contains("SyncDeadlockTest.lambda$mutexLockedTwiceInMain"), m);
    }

    @Test
    void readerBehindPendingWriter() {
        String m = expectDeadlock(2, () -> {
            RWMutex rw = new RWMutex();
            rw.rLock();
            Go.go(rw::lock);
            while (rw.tryRLock()) { // until the writer is pending: it shuts out new readers
                rw.rUnlock();
                Go.gosched();
            }
            rw.rLock();
        });
        assertTrue(m.contains("goroutine 1 [sync.RWMutex.RLock]:\n"), m);
        assertTrue(m.contains(" [sync.RWMutex.Lock]:\n"), m);
    }

    @Test
    void onceCalledFromItsOwnFunction() {
        String m = expectDeadlock(1, () -> {
            Once once = new Once();
            once.run(() -> once.run(() -> { }));
        });
        assertTrue(m.contains("goroutine 1 [sync.Mutex.Lock]:\n"), m);
    }

    /** Goroutines on a mutex held by a platform thread are not asleep: the thread can still unlock it. */
    @Test
    void mutexHeldByPlatformThreadIsNotADeadlock() throws Exception {
        Mutex mu = new Mutex();
        CountDownLatch held = new CountDownLatch(1);
        Thread p = Thread.ofPlatform().start(() -> {
            mu.lock();
            held.countDown();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            mu.unlock();
        });
        held.await();
        try (GmpRuntime rt = runtime(1)) {
            rt.run(() -> {
                mu.lock();
                mu.unlock();
            });
        }
        p.join();
        assertFalse(errBytes.toString().contains("deadlock"), errBytes.toString());
    }

    /** A goroutine waiting on a mutex shows Go's wait reason in dumps and {@code Gmp.goroutines()}. */
    @Test
    void waitReasonsInDump() throws Exception {
        try (GmpRuntime rt = runtime(2)) {
            rt.run(() -> {
                Mutex mu = new Mutex();
                RWMutex rw = new RWMutex();
                mu.lock();
                rw.lock();
                WaitGroup wg = new WaitGroup();
                wg.go(mu::lock);
                wg.go(rw::rLock);
                String want = "[sync.Mutex.Lock]";
                String want2 = "[sync.RWMutex.RLock]";
                StringBuilder dump = new StringBuilder();
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (System.nanoTime() < deadline) {
                    dump.setLength(0);
                    try {
                        rt.dump(dump, 2);
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                    if (dump.toString().contains(want) && dump.toString().contains(want2)) {
                        break;
                    }
                    Time.sleep(Duration.ofMillis(5));
                }
                assertTrue(dump.toString().contains(want) && dump.toString().contains(want2), dump.toString());
                mu.unlock();
                rw.unlock();
                wg.await();
            });
        }
    }
}
