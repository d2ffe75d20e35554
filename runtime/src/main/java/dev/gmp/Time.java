package dev.gmp;

import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time} package functions that involve the runtime: timers, tickers and sleeping, on the current
 * goroutine's runtime (the process default from a platform thread).
 */
public final class Time {
    private Time() {}

    /** {@code time.Sleep(d)}: parks the goroutine with wait reason {@code sleep}. */
    public static void sleep(Duration d) {
        GmpRuntime.current().sleep(d);
    }

    /** {@code time.After(d)}: a channel that receives the time once, after {@code d}. */
    public static Chan<Instant> after(Duration d) {
        return newTimer(d).c();
    }

    /** {@code time.NewTimer(d)}. */
    public static Timer newTimer(Duration d) {
        return new Timer(GmpRuntime.current(), d, null);
    }

    /** {@code time.AfterFunc(d, f)}: runs {@code f} in its own goroutine after {@code d}. */
    public static Timer afterFunc(Duration d, Runnable f) {
        java.util.Objects.requireNonNull(f, "nil func");
        return new Timer(GmpRuntime.current(), d, f);
    }

    /** {@code time.NewTicker(d)}; fails with {@code non-positive interval for NewTicker} if d &lt;= 0. */
    public static Ticker newTicker(Duration d) {
        return new Ticker(GmpRuntime.current(), d);
    }

    /** {@code time.Tick(d)}: the ticker's channel, or nil if d &lt;= 0 (as in Go). */
    public static Chan<Instant> tick(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return Chan.nil();
        }
        return newTicker(d).c();
    }
}
