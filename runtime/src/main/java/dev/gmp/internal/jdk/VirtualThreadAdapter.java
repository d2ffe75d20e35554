package dev.gmp.internal.jdk;

import dev.gmp.internal.sched.Goroutine;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

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

    /**
     * The object whose class tells where {@code task} was made: for the future {@code ExecutorService.submit}
     * runs (a {@code FutureTask}), the application's callable or runnable inside it, whose class is the submit's
     * own lambda; for an async {@code CompletableFuture} stage, its function; otherwise {@code task}. Every submit
     * in an application makes a future of the same class, and every async stage is one of a few JDK classes.
     */
    Object siteKeyOf(Runnable task);

    /**
     * Replaces the task a started virtual thread that has not run yet will run with {@code wrap} of it (the task
     * as the JDK holds it, before {@link #taskOf}'s unwrapping).
     *
     * @return false, and nothing done, when this JDK's task cannot be reached or written
     */
    boolean wrapTask(Thread virtualThread, UnaryOperator<Runnable> wrap);

    /**
     * The goroutine link of a virtual thread: the executor the JDK hands its continuation to. A goroutine's is its
     * own record; a thread not yet adopted has its creator's (a scheduler, or the record of the goroutine that
     * created it, whose scheduler the JDK lets it inherit). No public {@code Thread} method shows it.
     *
     * @param thread a virtual thread (the caller checked {@code isVirtual()})
     */
    Executor link(Thread thread);

    /** Sets the goroutine link ({@link #link}); before the thread's continuation is handed to anyone else. */
    void setLink(Thread virtualThread, Executor link);

    /**
     * "Which goroutine am I" (Go's {@code getg().m.curg}): the record of the goroutine the calling thread is, of
     * whichever runtime, or null on a thread that is not a goroutine. A running goroutine's link is its own record
     * (it was adopted at its first {@code execute}, before it ran). Every lookup of the current goroutine goes
     * through here; callers that want their own runtime's compare {@link Goroutine#scheduler()}. Never fails: null
     * where no goroutine can exist ({@link JdkInternals#linkOf}).
     */
    static Goroutine currentGoroutine() {
        return JdkInternals.linkOf(Thread.currentThread()) instanceof Goroutine g ? g : null;
    }
}
