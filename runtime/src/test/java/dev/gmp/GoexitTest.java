package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Semantics of golang/go src/runtime/crash_test.go TestGoexitDefer, TestGoexitDeadlock (testprog
 * GoexitDeadlock) and runtime.Goexit's documented rules (src/runtime/panic.go): deferred calls run, it is not a
 * panic, and in the main goroutine the program goes on until the other goroutines are done, then dies.
 *
 * <p>Go 1.19, {@code go F(); defer fmt.Println("deferred in main"); runtime.Goexit()} in main with F sleeping
 * 50 ms then printing (exit status 2):
 * <pre>
 * deferred in main
 * other goroutine ran
 * fatal error: no goroutines (main called runtime.Goexit) - deadlock!
 * </pre>
 * and with the other goroutine in {@code select {}} instead:
 * <pre>
 * deferred in main
 * fatal error: all goroutines are asleep - deadlock!
 *
 * goroutine 6 [select (no cases)]:
 * main.main.func1()
 * 	/tmp/gotb/gx2/main.go:10 +0x17
 * created by main.main
 * 	/tmp/gotb/gx2/main.go:9 +0x35
 * </pre>
 */
@Timeout(60)
class GoexitTest {
    /** TestGoexitDefer: deferred calls (finally blocks) run; it is no panic; nothing is reported. */
    @Test
    void goexitRunsFinallyAndIsNoPanic() {
        try (TestRuntimes r = new TestRuntimes(2)) {
            r.rt.run(() -> {
                Chan<String> c = Chan.make();
                Go.go(() -> {
                    try {
                        Go.goexit();
                    } finally {
                        c.send("deferred ran");
                    }
                });
                assertEquals("deferred ran", c.recv()); // if finally does not run, a deadlock is reported here
            });
            assertEquals(0, r.rt.stats().panics(), "Goexit counted as a panic");
            assertEquals("", r.err(), "Goexit reported");
        }
    }

    /** testprog GoexitDeadlock: main calls Goexit, the others finish: Go's fatal error. */
    @Test
    void mainGoexitThenOthersFinish() {
        try (TestRuntimes r = new TestRuntimes(2)) {
            AtomicInteger ran = new AtomicInteger();
            StringBuilder order = new StringBuilder();
            DeadlockError e = assertThrows(DeadlockError.class, () -> r.rt.run(() -> {
                Go.go(() -> {
                    Time.sleep(java.time.Duration.ofMillis(50));
                    ran.incrementAndGet();
                });
                Go.go(ran::incrementAndGet);
                try {
                    Go.goexit();
                } finally {
                    order.append("deferred in main");
                }
                order.append(" after goexit");
            }));
            assertEquals("fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n", e.getMessage());
            assertEquals(2, ran.get(), "the other goroutines ran to completion before the fatal error");
            assertEquals("deferred in main", order.toString());
            assertTrue(r.err().contains("no goroutines (main called runtime.Goexit) - deadlock!"), r.err());
        }
    }

    /** Main calls Goexit while another goroutine blocks forever: Go's ordinary deadlock report, without main. */
    @Test
    void mainGoexitThenOthersDeadlock() {
        try (TestRuntimes r = new TestRuntimes(1)) {
            DeadlockError e = assertThrows(DeadlockError.class, () -> r.rt.run(() -> {
                Go.go(() -> Select.make().select());
                Go.goexit();
            }));
            String m = e.getMessage();
            assertTrue(m.startsWith("fatal error: all goroutines are asleep - deadlock!\n\n"), m);
            assertTrue(m.contains(" [select (no cases)]:\n"), m);
            assertFalse(m.contains("goroutine 1 ["), "the exited main goroutine is listed:\n" + m);
        }
    }

    @Test
    void goexitOutsideAGoroutineIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Go::goexit);
        assertEquals("runtime.Goexit: called from a thread that is not a goroutine", e.getMessage());
    }

    /** golang/sync singleflight_test.go TestGoexitDo: every caller sharing the call exits, deferred calls run. */
    @Test
    void singleFlightSharesGoexit() {
        try (TestRuntimes r = new TestRuntimes(2)) {
            r.rt.run(() -> {
                SingleFlight<Object> g = new SingleFlight<>();
                int n = 5;
                AtomicInteger returned = new AtomicInteger();
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < n; i++) {
                    wg.go(() -> {
                        g.call("key", () -> {
                            Go.goexit();
                            return null;
                        });
                        returned.incrementAndGet(); // never: Goexit does not return
                    });
                }
                wg.await(); // each goroutine's finally (wg.done) ran
                assertEquals(0, returned.get());
            });
            assertEquals("", r.err());
        }
    }
}
