package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scheduling-latency sampling reaches short-lived goroutines (Go's newproc1 gives each new G a random
 * {@code trackingSeq} start): goroutines that become runnable only once are still sampled, one in
 * {@code TRACKING_PERIOD} (32) on that one wake-up. A start of 0 for every goroutine would sample none of them.
 */
class LatencySamplingTest {
    @Test
    @Timeout(30)
    void goroutinesThatRunOnceAreSampledOneInThirtyTwo() {
        try (GmpRuntime rt = GmpRuntime.builder().name("latency").gomaxprocs(1).onFatal(m -> { }).build()) {
            long before = rt.stats().schedLatency().count();
            int batches = 32;
            int width = 100;
            rt.run(() -> {
                for (int b = 0; b < batches; b++) {
                    WaitGroup wg = new WaitGroup();
                    wg.add(width);
                    for (int i = 0; i < width; i++) {
                        rt.go(wg::done);
                    }
                    wg.await();
                }
            });
            long sampled = rt.stats().schedLatency().count() - before;
            int n = batches * width; // about n / 32 = 100 first wake-ups, plus a few of the main goroutine's
            assertTrue(sampled >= n / 64 && sampled <= n / 16, sampled + " samples for " + n + " goroutines");
        }
    }
}
