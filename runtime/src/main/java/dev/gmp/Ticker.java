package dev.gmp;

import dev.gmp.internal.chan.Hchan;
import dev.gmp.internal.timer.RuntimeTimer;
import dev.gmp.internal.timer.TimerQueue;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Ticker}: sends the time on {@link #c()} every period. A slow receiver misses ticks (the
 * channel holds one), as in Go. Lives in its runtime's timer heap.
 */
public final class Ticker {
    private final TimerQueue queue;
    private final Chan<Instant> c = Chan.make(1);
    private final Hchan ch = c.hchan();
    private final RuntimeTimer rt = new RuntimeTimer() {
        @Override
        protected Runnable fire(long now) {
            ch.trySendFromRuntime(Instant.now());
            return null;
        }
    };

    Ticker(GmpRuntime runtime, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new GoPanic("non-positive interval for NewTicker");
        }
        this.queue = runtime.timers;
        long p = d.toNanos();
        queue.add(rt, Timer.deadline(d), p);
    }

    /** {@code t.C}. */
    public Chan<Instant> c() {
        return c;
    }

    /** {@code t.Stop()}: no more ticks. */
    public void stop() {
        queue.removeThen(rt, ch::drainFromRuntime);
    }

    /** {@code t.Reset(d)}: stop, then tick every {@code d} from now. */
    public void reset(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new GoPanic("non-positive interval for Ticker.Reset");
        }
        queue.reset(rt, Timer.deadline(d), d.toNanos(), ch::drainFromRuntime);
    }
}
