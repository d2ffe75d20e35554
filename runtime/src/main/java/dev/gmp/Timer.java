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
 * <h2>Go 1.23+ semantics (golang/go src/time/sleep.go, runtime/time.go)</h2>
 * <ul>
 *   <li>{@code c()} looks unbuffered: {@code len} and {@code cap} are 0. A value that fired but was not received
 *       is still taken by the next receive (blocking, non-blocking or select).</li>
 *   <li>{@link #stop()} and {@link #reset} return true if the timer had not yet fired <em>or</em> had fired and
 *       its value was not received; that value is dropped. After either returns, no value sent before the call
 *       is received from {@code c()}, so the Go 1.22 "stop and drain" idiom is never needed.</li>
 * </ul>
 * Go 1.22 and earlier (GODEBUG {@code asynctimerchan=1}) kept the value in a visible one-slot buffer: {@code len}
 * 1, {@code Stop} false. That mode is not offered. See docs/channels.md, "Time".
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
            this.rt = new RuntimeTimer(true) {
                @Override
                protected Runnable fire(long now) {
                    ch.trySendFromRuntime(Instant.now()); // one hidden slot: never blocks (time.go sendTime)
                    return null;
                }
            };
            ch.makeTimerChan(rt);
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

    /**
     * {@code t.Stop()}: prevents the timer from firing. True if this call stopped it: it had not fired, or (channel
     * timers) it had fired and its value had not been received, which is then dropped. False if it had been
     * stopped, or had fired and been received (or, for {@link Time#afterFunc}, had started its function).
     */
    public boolean stop() {
        return queue.removeThen(rt, this::drain);
    }

    /**
     * {@code t.Reset(d)}: makes the timer fire after {@code d}. Returns what {@link #stop()} would have returned;
     * an unreceived value is dropped, so the next value received is the one from this reset.
     */
    public boolean reset(Duration d) {
        return queue.reset(rt, deadline(d), 0, this::drain);
    }

    /** timerchandrain, with the timer queue's lock held: true if a sent value had not been received. */
    private boolean drain() {
        return ch != null && ch.drainFromRuntime();
    }
}
