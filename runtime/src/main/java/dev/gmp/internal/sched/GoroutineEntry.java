package dev.gmp.internal.sched;

/**
 * The bottom frame of a goroutine (Go's {@code runtime.goexit}, which newproc1 in runtime/proc.go puts under
 * every goroutine's function): what the function throws ends here, and is reported as a panic ({@link Panics}),
 * as Go's gopanic ends in fatalpanic when nothing recovers (runtime/panic.go).
 *
 * <p>It wraps the function of a goroutine made by {@link GoroutineCreation#newproc}, and the JDK's task of a virtual
 * thread the scheduler adopts ({@code VirtualThreadAdapter.wrapTask}). Rejected: catching the panic in the
 * thread's uncaught-exception handler, which the JDK calls by itself. That field is the application's:
 * {@code Thread.getUncaughtExceptionHandler} must answer the handler the application set, or the thread group,
 * and the application's handler runs after the report here, as the JDK would have run it.
 */
final class GoroutineEntry implements Runnable {
    private final Scheduler sched;
    private final Runnable fn;

    GoroutineEntry(Scheduler sched, Runnable fn) {
        this.sched = sched;
        this.fn = fn;
    }

    @Override
    public void run() {
        try {
            fn.run();
        } catch (Throwable e) {
            Thread t = Thread.currentThread();
            Goroutine g = sched.current();
            if (g != null) {
                sched.panics.panicked(g, t, e);
            } else { // not a goroutine of sched after all: what the JDK does (Thread.dispatchUncaughtException)
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }
}
