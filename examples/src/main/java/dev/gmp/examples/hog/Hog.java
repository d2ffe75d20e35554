package dev.gmp.examples.hog;

import dev.gmp.Gmp;
import dev.gmp.Go;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child program of the {@code preempt} example, run in a JVM of its own with the agent at GOMAXPROCS=1:
 * a ticker goroutine that wants to run every 10 ms, and a hog goroutine that spins for 600 ms in a loop that
 * makes no call into the runtime. Prints {@code key=value} lines: the longest gap between ticks, the ticks
 * that happened while the hog ran, and the preemptions taken. This package is what {@code preempt=} names.
 */
public final class Hog {
    private Hog() {}

    static volatile long sink;

    public static void main(String[] args) {
        long hogMillis = args.length > 0 ? Long.parseLong(args[0]) : 600;
        AtomicLong maxGap = new AtomicLong();
        AtomicLong ticksDuringHog = new AtomicLong();
        // Warm up: load the runtime's sleep, timer and channel classes before the hog holds the only P. A class
        // loaded later from the class path is read in a syscall under the class loader's lock; at GOMAXPROCS=1
        // that read's exitsyscall can wait for the P while the goroutine holding the P waits for the lock.
        Go.run(() -> {
            CountDownLatch warm = new CountDownLatch(1);
            Go.go(() -> {
                Go.sleep(Duration.ofMillis(1));
                warm.countDown();
            });
            Go.sleep(Duration.ofMillis(1));
            try {
                warm.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long preemptionsBefore = Gmp.stats().preemptions();
        long[] hogSpan = new long[2];
        Go.run(() -> {
            AtomicBoolean hogging = new AtomicBoolean();
            CountDownLatch tickerDone = new CountDownLatch(1);
            CountDownLatch ticking = new CountDownLatch(3);
            Go.go(() -> {
                long last = System.nanoTime();
                long end = last + (hogMillis + 300) * 1_000_000;
                while (System.nanoTime() < end) {
                    Go.sleep(Duration.ofMillis(10));
                    long now = System.nanoTime();
                    maxGap.accumulateAndGet((now - last) / 1_000_000, Math::max);
                    ticking.countDown();
                    if (hogging.get()) {
                        ticksDuringHog.incrementAndGet();
                    }
                    last = now;
                }
                tickerDone.countDown();
            });
            try {
                ticking.await(); // the ticker is in its rhythm before the hog starts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hogSpan[0] = System.nanoTime();
            hogging.set(true);
            sink = spin(hogMillis * 1_000_000);
            hogging.set(false);
            hogSpan[1] = System.nanoTime();
            try {
                tickerDone.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        System.out.println("gomaxprocs=" + Go.gomaxprocs(0));
        System.out.println("hog_ms=" + (hogSpan[1] - hogSpan[0]) / 1_000_000);
        System.out.println("max_gap_ms=" + maxGap.get());
        System.out.println("ticks_during_hog=" + ticksDuringHog.get());
        System.out.println("preemptions=" + (Gmp.stats().preemptions() - preemptionsBefore));
    }

    /** A busy loop with no call into the runtime: only the agent's back-edge polls can preempt it. */
    static long spin(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        return x;
    }
}
