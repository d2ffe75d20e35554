package dev.gmp;

import dev.gmp.internal.chan.Hchan;
import dev.gmp.internal.timer.RuntimeTimer;
import dev.gmp.internal.timer.TimerQueue;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Ticker}: sends the time on {@link #c()} every period. A slow receiver misses ticks: one tick
 * waits for it, later ones are dropped until it is taken, as in Go. Lives in its runtime's timer heap.
 *
 * <p>Go 1.23+ semantics, as for {@link Timer}: {@code c()} has {@code len} and {@code cap} 0, and after
 * {@link #stop()} or {@link #reset} returns no tick sent before the call is received.
 */
public final class Ticker {
    private final TimerQueue queue;
    private final Chan<Instant> c = Chan.make(1);
    private final Hchan ch = c.hchan();
    private final RuntimeTimer rt = new RuntimeTimer(true) {
        @Override
        protected Runnable fire(long now) {
            ch.trySendFromRuntime(Instant.now()); // one hidden slot: a full one means the tick is dropped
            return null;
        }
    };

    Ticker(GmpRuntime runtime, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new GoPanic("non-positive interval for NewTicker");
        }
        ch.makeTimerChan(rt);
        this.queue = runtime.timers;
        long p = d.toNanos();
        queue.add(rt, Timer.deadline(d), p);
    }

    /** {@code t.C}. */
    public Chan<Instant> c() {
        return c;
    }

    /** {@code t.Stop()}: no more ticks; a tick sent but not received is dropped. */
    public void stop() {
        queue.removeThen(rt, ch::drainFromRuntime);
    }

    /** {@code t.Reset(d)}: stop (dropping an unreceived tick), then tick every {@code d} from now. */
    public void reset(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new GoPanic("non-positive interval for Ticker.Reset");
        }
        queue.reset(rt, Timer.deadline(d), d.toNanos(), ch::drainFromRuntime);
    }
}
