package dev.gmp.conformance;

import dev.gmp.GmpRuntime;
import dev.gmp.TestRuntimes;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * A small stand-in for Go's {@code testing.T} inside a GMP runtime: {@link #fatalf} records the failure (from any
 * goroutine) and ends the calling goroutine; {@link #run} starts a runtime with the given GOMAXPROCS, runs the body
 * as the main goroutine, and fails the JUnit test with every recorded message, or if goroutines it started are
 * still alive afterwards (TestRuntimes.assertNoGoroutinesLeft, as uber-go/goleak's VerifyNone). A deadlock in the body fails the
 * test fast with Go's report ({@code DeadlockError}) instead of hanging it.
 */
final class GoTesting {
    private final Queue<String> errors = new ConcurrentLinkedQueue<>();
    final GmpRuntime rt;

    private GoTesting(GmpRuntime rt) {
        this.rt = rt;
    }

    /** t.Fatalf. */
    void fatalf(String format, Object... args) {
        String msg = String.format(format, args);
        errors.add(msg);
        throw new AssertionError(msg);
    }

    /** t.Errorf: records and continues. */
    void errorf(String format, Object... args) {
        errors.add(String.format(format, args));
    }

    static void run(int gomaxprocs, Consumer<GoTesting> body) {
        run(gomaxprocs, true, body);
    }

    /**
     * For ports of Go programs that end {@code main} with goroutines still blocked by design (sieve, select3,
     * select5's nil-channel selects, powser1: Go simply exits): no check that every goroutine finished.
     */
    static void runLeavingGoroutines(int gomaxprocs, Consumer<GoTesting> body) {
        run(gomaxprocs, false, body);
    }

    private static void run(int gomaxprocs, boolean verifyNoLeaks, Consumer<GoTesting> body) {
        try (GmpRuntime rt = GmpRuntime.builder().name("gotest").gomaxprocs(gomaxprocs).onFatal(m -> { })
                .build()) {
            GoTesting t = new GoTesting(rt);
            Throwable thrown = null;
            try {
                rt.run(() -> body.accept(t));
            } catch (Throwable e) {
                thrown = e;
            }
            if (verifyNoLeaks && thrown == null && t.errors.isEmpty()) {
                // Like goleak.VerifyNone at the end of a Go test: the test's goroutines must all have finished.
                try {
                    TestRuntimes.assertNoGoroutinesLeft(rt, Duration.ofSeconds(2));
                } catch (AssertionError e) {
                    thrown = e;
                }
            }
            if (!t.errors.isEmpty()) {
                AssertionError e = new AssertionError("GOMAXPROCS=" + gomaxprocs + ": " + String.join("\n", t.errors));
                if (thrown != null) {
                    e.addSuppressed(thrown);
                }
                throw e;
            }
            if (thrown instanceof RuntimeException re) {
                throw re;
            }
            if (thrown instanceof Error er) {
                throw er;
            }
        }
    }
}
