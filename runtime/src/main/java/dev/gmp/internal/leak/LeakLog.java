package dev.gmp.internal.leak;

import dev.gmp.internal.env.GoDuration;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where proven-leak reports go ({@code leak.log=}). No Go counterpart: Go's {@code goroutineleak} profile is read
 * on demand, never logged.
 *
 * <ul>
 *   <li>{@code logger} (default): {@link System.Logger} {@value #LOGGER_NAME}, so the application's own logging
 *       receives them (SLF4J, Log4j and Logback ship {@code System.LoggerFinder} bridges; without one the JDK
 *       routes them to {@code java.util.logging}, whose default handler writes to stderr). One {@code WARNING}
 *       event per leak, the whole report (the line and the goroutine's traceback) as its message. At most
 *       {@value #FULL_PER_WINDOW} full reports a minute: after that, the leaks of that minute are counted by
 *       creation site, and when the minute ends each site gets one summary event. A window opens at the first
 *       leak after a quiet minute. The count ({@code gmp_goroutine_leaks_total}), the JFR event and
 *       {@code Gmp.leaks()} still see every leak.</li>
 *   <li>{@code stderr}: every report in full on the runtime's error stream, as before there was a choice.</li>
 * </ul>
 *
 * <p>Rejected: a rate limit in {@code stderr} mode (it is the "as it was" choice); one event per report line (a
 * traceback split over 17 events interleaves with the application's lines and defeats log aggregation).
 *
 * <p>Owner: the leak detector, under its lock; not thread-safe.
 */
public final class LeakLog {
    /** {@code leak.log=}. */
    public enum Mode {
        /** System.Logger, rate-limited. */
        LOGGER,
        /** The runtime's error stream, every report. */
        STDERR
    }

    /** The System.Logger name (for JUL, SLF4J, Log4j configuration). */
    public static final String LOGGER_NAME = "dev.gmp.leaks";
    /** Full reports per window in {@code logger} mode. */
    public static final int FULL_PER_WINDOW = 10;
    private static final long WINDOW_NANOS = 60_000_000_000L;

    private final Mode mode;
    private final PrintStream err;
    private final int fullPerWindow;
    private final long windowNanos;
    private System.Logger logger;        // resolved at the first report: the application may install its bridge late
    private boolean windowOpen;
    private long windowStart;
    private int fullInWindow;
    private final Map<String, Integer> heldBySite = new LinkedHashMap<>(); // over the limit this window

    LeakLog(Mode mode, PrintStream err) {
        this(mode, err, null, FULL_PER_WINDOW, WINDOW_NANOS);
    }

    /** Tests: a given logger, limit and window. */
    LeakLog(Mode mode, PrintStream err, System.Logger logger, int fullPerWindow, long windowNanos) {
        this.mode = mode;
        this.err = err;
        this.logger = logger;
        this.fullPerWindow = fullPerWindow;
        this.windowNanos = windowNanos;
    }

    /**
     * One proven leak: {@code report} is its full text (first line, then the traceback), {@code site} the key
     * of its creation site for summaries.
     */
    void report(String report, String site, long now) {
        if (mode == Mode.STDERR) {
            synchronized (err) {
                err.print(report + "\n");
                err.flush();
            }
            return;
        }
        tick(now);
        if (!windowOpen) {
            windowOpen = true;
            windowStart = now;
            fullInWindow = 0;
        }
        if (fullInWindow < fullPerWindow) {
            fullInWindow++;
            logger().log(System.Logger.Level.WARNING, report.stripTrailing()); // the logging ends the line
        } else {
            heldBySite.merge(site, 1, Integer::sum);
        }
    }

    /** Nanoseconds until the open window ends ({@link #tick} has work then), or Long.MAX_VALUE with none open. */
    long nanosToDue(long now) {
        return windowOpen ? Math.max(0, windowStart + windowNanos - now) : Long.MAX_VALUE;
    }

    /** Closes a window that has ended: one summary event per creation site whose leaks were held back. */
    void tick(long now) {
        if (!windowOpen || now - windowStart < windowNanos) {
            return;
        }
        for (Map.Entry<String, Integer> e : heldBySite.entrySet()) {
            int n = e.getValue();
            logger().log(System.Logger.Level.WARNING, "gmp: " + n + " more goroutine leak" + (n == 1 ? "" : "s")
                    + " created by " + e.getKey() + " in the last "
                    + GoDuration.format(Duration.ofNanos(windowNanos)) + ", not reported in full (at most "
                    + fullPerWindow + " full reports a minute; leak.log=stderr prints every one): "
                    + "Gmp.leaks() and /debug/gmp/leaks list them");
        }
        heldBySite.clear();
        windowOpen = false;
    }

    private System.Logger logger() {
        if (logger == null) {
            logger = System.getLogger(LOGGER_NAME);
        }
        return logger;
    }
}
