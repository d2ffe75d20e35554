package dev.gmp;

import dev.gmp.internal.chan.Hchan;
import dev.gmp.internal.timer.RuntimeTimer;
import dev.gmp.internal.timer.TimerQueue;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Timer}: fires once, after a duration, by sending the current time on {@link #c()} (or, for
 * {@link Time#afterFunc}, by running a function in its own goroutine). It lives in its runtime's timer heap: no
 * thread per timer.
 *
 * <p>As in Go 1.23+, after {@link #stop()} or {@link #reset} returns, no stale value sent before the call is
 * received from {@code c()}.
 */
public final class Timer {
    private final TimerQueue queue;
    private final Hchan ch;          // null for afterFunc timers
    private final Chan<Instant> c;
    private final RuntimeTimer rt;

    Timer(GmpRuntime runtime, Duration d, Runnable f) {
        this.queue = runtime.timers;
        if (f == null) {
            this.c = Chan.make(1);
            this.ch = c.hchan();
            this.rt = new RuntimeTimer() {
                @Override
                protected Runnable fire(long now) {
                    ch.trySendFromRuntime(Instant.now()); // buffered, cap 1: never blocks (time.go sendTime)
                    return null;
                }
            };
        } else {
            this.c = Chan.nil();
            this.ch = null;
            this.rt = new RuntimeTimer() {
                @Override
                protected Runnable fire(long now) {
                    return () -> runtime.go(f); // goFunc: f runs in its own goroutine
                }
            };
        }
        queue.add(rt, deadline(d), 0);
    }

    static long deadline(Duration d) {
        long n = d.isNegative() ? 0 : saturatedNanos(d);
        long now = System.nanoTime();
        long when = now + n;
        return when - now < 0 ? Long.MAX_VALUE / 2 + now : when; // overflow: "never" in practice
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** {@code t.C}: the channel on which the time is delivered (nil for {@link Time#afterFunc} timers). */
    public Chan<Instant> c() {
        return c;
    }

    /** {@code t.Stop()}: prevents the timer from firing; true if this call stopped it, false if it had fired or was stopped. */
    public boolean stop() {
        return queue.removeThen(rt, this::drain);
    }

    /** {@code t.Reset(d)}: makes the timer fire after {@code d}; true if it had been active. */
    public boolean reset(Duration d) {
        return queue.reset(rt, deadline(d), 0, this::drain);
    }

    private void drain() {
        if (ch != null) {
            ch.drainFromRuntime();
        }
    }
}
