package dev.gmp;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/** Runtimes for tests: their reports go to a buffer and fatal errors are recorded instead of exiting. */
public final class TestRuntimes implements AutoCloseable {
    public final GmpRuntime rt;
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    public final ConcurrentLinkedQueue<String> fatals = new ConcurrentLinkedQueue<>();

    public TestRuntimes(int procs) {
        this(GmpRuntime.builder().gomaxprocs(procs));
    }

    public TestRuntimes(GmpRuntime.Builder b) {
        rt = b.err(new PrintStream(errBytes, true, StandardCharsets.UTF_8)).onFatal(fatals::add).build();
    }

    /** Everything the runtime wrote to its error stream so far. */
    public String err() {
        synchronized (errBytes) {
            return errBytes.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Asserts that the scheduler comes to rest once its goroutines are done: every P back on the idle list, no M
     * spinning and {@code sched.nmspinning} back at 0. A leaked {@code nmspinning} would make every later
     * {@code wakep} return early, so the other Ps would stay idle while one P runs everything; a P that never
     * comes back is an M blocked while holding it. Waits up to 10 s; fails with scheddetail.
     */
    public void assertSettles() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            GmpStats s = rt.stats();
            if (s.spinningThreads() == 0 && s.threads().spinning() == 0 && s.idleProcs() == s.gomaxprocs()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the scheduler did not come to rest: spinningthreads="
                        + s.spinningThreads() + ", Ms spinning=" + s.threads().spinning() + ", idle Ps "
                        + s.idleProcs() + " of " + s.gomaxprocs() + "\n" + rt.schedtrace(true));
            }
            Thread.sleep(10);
        }
    }

    /** Waits, polling every 5 ms, until {@code condition} holds; fails with {@code message} after 20 s. */
    public static void awaitTrue(BooleanSupplier condition, String message) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(message);
            }
            Thread.sleep(5);
        }
    }

    /**
     * Fails, with Go's {@code debug=2} dump of them, if goroutines of {@code rt} other than the caller (and the
     * JDK's system goroutines, which {@code goroutines()} leaves out) are still alive after {@code maxWait} (polled
     * every 10 ms). The end-of-test check of the runtime's own tests: gmp-junit's {@code GoroutineLeaks} (goleak) is
     * built on this module, so they cannot use it.
     */
    public static void assertNoGoroutinesLeft(GmpRuntime rt, Duration maxWait) {
        long self = rt.goid();
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            List<GoroutineInfo> left = new ArrayList<>();
            for (GoroutineInfo g : rt.goroutines()) {
                if (g.goid() != self) { // the JDK's system goroutines are not in rt.goroutines()
                    left.add(g);
                }
            }
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                StringBuilder dump = new StringBuilder("goroutines left:\n");
                try {
                    dev.gmp.internal.stats.GoroutineDump.write(left, 2, dump);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e); // a StringBuilder does not throw
                }
                throw new AssertionError(dump.toString());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for goroutines to end", e);
            }
        }
    }

    @Override
    public void close() {
        rt.close();
    }
}
