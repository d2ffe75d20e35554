package dev.gmp.internal.jdk;

import dev.gmp.internal.sched.Goroutine;
import java.util.concurrent.Executor;

/**
 * How a virtual thread gets our scheduler: the one seam between the runtime and the JDK's virtual threads.
 *
 * <p>Today the only implementation is {@link JdkInternals}, which uses the package-private
 * {@code ThreadBuilders.VirtualThreadBuilder(Executor)} constructor (JDK 21-25). When the JDK publishes a
 * scheduler API (Loom's experimental {@code Thread.VirtualThreadScheduler}), a second implementation replaces
 * it here and nothing else in the runtime changes.
 */
public interface VirtualThreadAdapter {

    /** A builder of virtual threads whose continuations are handed to {@code scheduler.execute}. */
    Thread.Builder.OfVirtual builder(Executor scheduler);

    /**
     * The virtual thread a task handed to {@code Executor.execute} belongs to.
     *
     * @param task the {@code runContinuation} task the JDK passed to the scheduler
     * @return the virtual thread, never null
     * @throws IllegalArgumentException if the task is not a virtual thread's continuation
     */
    Thread threadOf(Runnable task);

    /**
     * The task a virtual thread was created to run, seen through the JDK's wrappers (the continuation's, and
     * {@code ThreadPerTaskExecutor}'s); null when it cannot be told.
     */
    Runnable taskOf(Thread virtualThread);

    /** The raw uncaught-exception handler field (no fallback to the thread group); null if unset. */
    Thread.UncaughtExceptionHandler rawHandler(Thread thread);

    /** Installs {@code handler} only if the raw field still holds {@code expected}. */
    boolean casHandler(Thread thread, Thread.UncaughtExceptionHandler expected, Thread.UncaughtExceptionHandler handler);

    /**
     * "Which goroutine am I" (Go's {@code getg().m.curg}): the record of the goroutine the calling thread is, of
     * whichever runtime, or null on a thread that is not a goroutine. The record is the thread's raw handler
     * ({@link Goroutine}'s class comment), read without the thread-group fallback. Every lookup of the current
     * goroutine goes through here; callers that want their own runtime's compare {@link Goroutine#scheduler()}.
     */
    default Goroutine currentGoroutine() {
        Thread t = Thread.currentThread();
        return t.isVirtual() && rawHandler(t) instanceof Goroutine g ? g : null;
    }
}
