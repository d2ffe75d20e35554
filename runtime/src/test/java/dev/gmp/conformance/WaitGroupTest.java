package dev.gmp.conformance;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.GoPanic;
import dev.gmp.WaitGroup;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go src/sync/waitgroup_test.go: TestWaitGroup, TestWaitGroupMisuse, TestWaitGroupRace,
 * TestWaitGroupAlign and TestWaitGroupGo (Go 1.25's wg.Go), at GOMAXPROCS 1, 2 and 4.
 */
@Timeout(60)
class WaitGroupTest {
    /** testWaitGroup: wg2 must not release anyone before its counter reaches zero. */
    private static void testWaitGroup(GoTesting t, WaitGroup wg1, WaitGroup wg2) {
        int n = 16;
        wg1.add(n);
        wg2.add(n);
        Chan<Boolean> exited = Chan.make(n);
        for (int i = 0; i != n; i++) {
            Go.go(() -> {
                wg1.done();
                wg2.await();
                exited.send(true);
            });
        }
        wg1.await();
        for (int i = 0; i != n; i++) {
            if (exited.tryRecv() != null) {
                t.fatalf("WaitGroup released group too soon");
            }
            wg2.done();
        }
        for (int i = 0; i != n; i++) {
            exited.recv(); // Will block if barrier fails to unlock someone.
        }
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWaitGroup(int procs) {
        GoTesting.run(procs, t -> {
            WaitGroup wg1 = new WaitGroup(), wg2 = new WaitGroup();
            // Run the same test a few times to ensure barrier is in a proper state.
            for (int i = 0; i != 8; i++) {
                testWaitGroup(t, wg1, wg2);
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWaitGroupMisuse(int procs) {
        GoTesting.run(procs, t -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            wg.done();
            try {
                wg.done();
                t.fatalf("Should panic");
            } catch (GoPanic e) {
                if (!e.getMessage().equals("sync: negative WaitGroup counter")) {
                    t.fatalf("Unexpected panic: %s", e.getMessage());
                }
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWaitGroupRace(int procs) {
        GoTesting.run(procs, t -> {
            // Run this test for about 1ms.
            for (int i = 0; i < 1000; i++) {
                WaitGroup wg = new WaitGroup();
                AtomicInteger n = new AtomicInteger();
                wg.add(1);
                Go.go(() -> { n.incrementAndGet(); wg.done(); });
                wg.add(1);
                Go.go(() -> { n.incrementAndGet(); wg.done(); });
                wg.await();
                if (n.get() != 2) {
                    t.fatalf("Spurious wakeup from Wait");
                }
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWaitGroupAlign(int procs) {
        GoTesting.run(procs, t -> {
            WaitGroup[] x = {new WaitGroup(), new WaitGroup()};
            x[1].add(1);
            Go.go(() -> x[1].done());
            x[1].await();
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWaitGroupGo(int procs) {
        GoTesting.run(procs, t -> {
            WaitGroup wg = new WaitGroup();
            AtomicInteger i = new AtomicInteger();
            wg.go(i::incrementAndGet);
            wg.await();
            if (i.get() != 1) {
                t.fatalf("got %d, want 1", i.get());
            }
            // Many at once.
            for (int k = 0; k < 100; k++) {
                wg.go(i::incrementAndGet);
            }
            wg.await();
            if (i.get() != 101) {
                t.fatalf("got %d, want 101", i.get());
            }
        });
    }

    /**
     * wg.Go's contract (sync/waitgroup.go, Go 1.25+): "f completed normally, or abruptly using goexit. Either
     * way, decrement"; but if f panics, Done is not called, so Wait cannot return and let the program exit
     * normally before the panic's report completes.
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWaitGroupGoGoexitAndPanic(int procs) {
        GoTesting.run(procs, t -> {
            WaitGroup exited = new WaitGroup();
            exited.go(Go::goexit);
            exited.await(); // Goexit: done() was called

            WaitGroup panicked = new WaitGroup();
            panicked.go(() -> {
                throw new GoPanic("expected test panic");
            });
            while (Go.numGoroutine() > 1) { // until the panicking goroutine has ended
                Go.sleep(java.time.Duration.ofMillis(1));
            }
            if (panicked.count() != 1) {
                t.fatalf("after f panicked the counter is %d, want 1 (no Done)", panicked.count());
            }
        });
    }
}
