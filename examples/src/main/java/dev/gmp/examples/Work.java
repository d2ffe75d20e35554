package dev.gmp.examples;

import dev.gmp.Gmp;
import dev.gmp.GoroutineInfo;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Small helpers the examples share: CPU work that cannot be optimised away, bounded waits. */
final class Work {
    private Work() {}

    static volatile long sink;

    /** Busy CPU work for about {@code nanos}. */
    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        sink = x;
    }

    /** Waits for the latch, failing loudly (never hanging) after a minute. */
    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("example did not finish in 60s: " + latch.getCount() + " left");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waiting goroutines of the default runtime by Go wait reason, e.g. {@code {chan send=10, sleep=3}}. */
    static Map<String, Integer> waitReasons() {
        Map<String, Integer> m = new TreeMap<>();
        for (GoroutineInfo g : Gmp.goroutines()) {
            if (!g.waitReason().isEmpty()) {
                m.merge(g.waitReason(), 1, Integer::sum);
            }
        }
        return m;
    }

    /** Polls {@code condition} every 2 ms until it holds; false after {@code millis}. */
    static boolean until(BooleanSupplier condition, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
