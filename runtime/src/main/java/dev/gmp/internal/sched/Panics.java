package dev.gmp.internal.sched;

import java.util.concurrent.atomic.LongAdder;

/**
 * Uncaught exceptions in goroutines, reported the way Go reports a panic (runtime/panic.go {@code printpanics},
 * then the traceback of the panicking goroutine), counted, and handed to the handler the application set on the
 * thread, or else to the default handler (the report replaces the thread group's "Exception in thread" lines).
 * They reach here from the goroutine's bottom frame ({@link GoroutineEntry}).
 *
 * <p>The main goroutine of {@code GmpRuntime.run} is different: its exception is rethrown to the caller of
 * {@code run}, so it is recorded rather than printed. With {@code panic=exit} any goroutine's panic, the main
 * one's included, is printed once and the process exits with status 2, as a Go program does.
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
        boolean exit = sched.config.panicExit();
        if (g.isMain && !exit) {
            g.mainFailure = e; // rethrown to the caller of GmpRuntime.run, the Java way
            return;
        }
        var err = sched.config.err();
        String report = render(g, e);
        synchronized (err) {
            err.print(report);
            err.flush();
        }
        if (!g.isMain) {
            Thread.UncaughtExceptionHandler own = t.getUncaughtExceptionHandler(); // the application's, or the group
            if (own != null && own != t.getThreadGroup()) {
                own.uncaughtException(t, e);
            } else if (Thread.getDefaultUncaughtExceptionHandler() != null) {
                Thread.getDefaultUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
        if (exit) {
            // Exit status 2 and nothing more: Go's "exit status 2" line is printed by go run, not the program.
            sched.config.fatal().accept("panic: " + value(e));
            if (g.isMain) {
                g.mainFailure = e; // reached only when fatal does not exit (a test's runtime): run rethrows it
            }
        }
    }

    /**
     * What follows {@code panic: } (runtime/panic.go printpanicval): a {@link dev.gmp.GoPanic}'s message, as Go
     * prints a string value; for any other exception its {@code toString()}, as Go prints an error's Error().
     */
    static String value(Throwable e) {
        return e instanceof dev.gmp.GoPanic && e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** The report: {@code panic: <value>}, causes, a blank line, then the goroutine's traceback. */
    public static String render(Goroutine g, Throwable e) {
        StringBuilder out = new StringBuilder();
        out.append("panic: ").append(value(e)).append('\n');
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
