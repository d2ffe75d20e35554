package dev.gmp.internal.sched;

import java.util.concurrent.atomic.LongAdder;

/**
 * Uncaught exceptions in goroutines, reported the way Go reports a panic (runtime/panic.go {@code printpanics},
 * then the traceback of the panicking goroutine), counted, and handed to the thread's own handler.
 *
 * <p>The main goroutine of {@code GmpRuntime.run} is different: its exception is rethrown to the caller of
 * {@code run}, so it is recorded rather than printed. With {@code panic=exit} the process exits with status 2
 * after the report, as a Go program does.
 */
public final class Panics {
    private final Scheduler sched;
    private final LongAdder count = new LongAdder();

    Panics(Scheduler sched) {
        this.sched = sched;
    }

    public long count() {
        return count.sum();
    }

    void panicked(Goroutine g, Thread t, Throwable e) {
        if (e instanceof dev.gmp.Goexit) { // runtime.Goexit: the goroutine ends quietly (GmpRuntime.run sees main's)
            if (g.isMain) {
                g.mainFailure = e;
            }
            return;
        }
        count.increment();
        sched.events.panic(g, e);
        if (g.isMain) {
            g.mainFailure = e;
            return;
        }
        var err = sched.config.err();
        String report = render(g, e);
        synchronized (err) {
            err.print(report);
            err.flush();
        }
        Thread.UncaughtExceptionHandler d = g.delegate;
        if (d != null && d != t.getThreadGroup()) {
            d.uncaughtException(t, e);
        } else if (Thread.getDefaultUncaughtExceptionHandler() != null) {
            Thread.getDefaultUncaughtExceptionHandler().uncaughtException(t, e);
        }
        if (sched.config.panicExit()) {
            sched.config.err().println("exit status 2");
            sched.config.fatal().accept("panic: " + e);
        }
    }

    /** The report: {@code panic: <exception>}, causes, a blank line, then the goroutine's traceback. */
    public static String render(Goroutine g, Throwable e) {
        StringBuilder out = new StringBuilder();
        out.append("panic: ").append(e).append('\n');
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            out.append("\tcaused by: ").append(c).append('\n');
        }
        out.append('\n');
        Traceback.header(out, g.goid, "running", 0);
        Traceback.frames(out, e.getStackTrace());
        Traceback.createdBy(out, g.createdBy, g.parentGoid);
        return out.toString();
    }
}
