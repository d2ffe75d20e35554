package dev.gmp;

import dev.gmp.internal.jdk.VirtualThreadAdapter;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Go's {@code go} statement and {@code runtime} functions, on the current goroutine's runtime (or the process
 * default from a platform thread).
 *
 * <pre>{@code
 * Go.run(() -> {
 *     var done = new CountDownLatch(1);
 *     Go.go(() -> { System.out.println("hello from goroutine " + Go.goid()); done.countDown(); });
 *     done.await();
 * });
 * }</pre>
 */
public final class Go {
    private Go() {}

    /** {@code go fn()}. A null fn fails at once (Go: "go of nil func value"). */
    public static void go(Runnable fn) {
        GmpRuntime.current().go(fn);
    }

    /**
     * Runs {@code main} as the main goroutine and waits for it; rethrows its exception. A deadlock is what it is
     * in a Go program, a fatal error: its report is printed once and the process exits with status 2 (the runtime's
     * {@code onFatal}); {@link GmpRuntime#run} throws {@link DeadlockError} instead, for embedders and tests.
     */
    public static void run(Runnable main) {
        GmpRuntime rt = GmpRuntime.current();
        try {
            rt.run(main);
        } catch (DeadlockError e) {
            rt.fatal(e.getMessage().lines().findFirst().orElse("")); // the report itself is printed already
            throw e;
        }
    }

    /** runtime.Gosched. */
    public static void gosched() {
        GmpRuntime.current().gosched();
    }

    /** runtime.NumGoroutine. */
    public static int numGoroutine() {
        return GmpRuntime.current().numGoroutine();
    }

    /** runtime.GOMAXPROCS(n): sets it (n &gt;= 1) and returns the previous value; n &lt; 1 only queries. */
    public static int gomaxprocs(int n) {
        return GmpRuntime.current().gomaxprocs(n);
    }

    /** The current goroutine's id; 0 on a thread that is not a goroutine. */
    public static long goid() {
        return GmpRuntime.current().goid();
    }

    /** time.Sleep. */
    public static void sleep(Duration d) {
        GmpRuntime.current().sleep(d);
    }

    /**
     * {@code runtime.Stack(buf, false)}: the calling goroutine's traceback, as a goroutine dump prints it, starting
     * at the caller of this method. For every goroutine, see {@link Gmp#dump}.
     */
    public static String stack() {
        return dev.gmp.internal.sched.CurrentStack.render(1);
    }

    /** {@code debug.Stack()}: {@link #stack()} with this method's own frame on top, as Go's shows itself. */
    public static String debugStack() {
        return dev.gmp.internal.sched.CurrentStack.render(0);
    }

    /**
     * {@code runtime.Goexit}: ends the calling goroutine, running its {@code finally} blocks first (Go's deferred
     * calls), by throwing {@link Goexit}. Not a panic: nothing is reported. Other goroutines are not affected.
     * Called in the main goroutine of {@link #run}, it ends main without {@code run} returning: the other
     * goroutines go on, and when none is left {@code run} fails with {@link DeadlockError} {@code no goroutines
     * (main called runtime.Goexit) - deadlock!} (or with Go's deadlock report if they all block), as a Go
     * program does.
     *
     * @throws IllegalStateException on a thread that is not a goroutine (Go has no such thread)
     */
    public static void goexit() {
        if (VirtualThreadAdapter.currentGoroutine() == null) {
            throw new IllegalStateException("runtime.Goexit: called from a thread that is not a goroutine");
        }
        throw new Goexit();
    }

    /** Runs a carrier-blocking call as a Go system call (see {@link GmpRuntime#syscall}). */
    public static <T> T syscall(Callable<T> call) throws Exception {
        return GmpRuntime.current().syscall(call);
    }
}
