package dev.gmp.internal.timer;

import dev.gmp.internal.sched.WaitReason;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code time.Sleep} (runtime/time.go {@code timeSleep}): a goroutine parks with wait reason {@code sleep} and a
 * runtime timer unparks it. A thread that is not a goroutine of the runtime just parks for the duration.
 */
public final class Sleep {
    private Sleep() {}

    /** The park blocker of a sleeping goroutine. A timer is pending while it sleeps, so deadlock never counts it. */
    private static final class Sleeper extends RuntimeTimer implements WaitReason {
        private final Thread thread;
        private volatile boolean fired; // set by the timer thread before unpark

        Sleeper(Thread thread) {
            this.thread = thread;
        }

        @Override
        protected Runnable fire(long now) {
            fired = true;
            LockSupport.unpark(thread); // goready from the timer thread: global queue + wakep
            return null;
        }

        @Override
        public String waitReason() {
            return "sleep";
        }
    }

    /** Sleeps for {@code d}; {@code goroutine} says whether the caller is a goroutine of {@code timers}' runtime. */
    public static void sleep(TimerQueue timers, boolean goroutine, Duration d) {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE / 4;
        }
        boolean interrupted = false;
        if (goroutine) {
            Sleeper s = new Sleeper(Thread.currentThread());
            timers.add(s, System.nanoTime() + nanos, 0);
            while (!s.fired) {
                LockSupport.park(s);
                if (Thread.interrupted()) {
                    interrupted = true; // Go's sleep cannot be interrupted; keep the status for the caller
                }
            }
        } else {
            long deadline = System.nanoTime() + nanos;
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
