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
        try (GmpRuntime rt = StatsBurst.runtime("latency")) {
            int n = 3200; // about n / 32 = 100 first wake-ups, plus a few of the main goroutine's
            long sampled = StatsBurst.run(rt, n).latencySamples();
            assertTrue(sampled >= n / 64 && sampled <= n / 16, sampled + " samples for " + n + " goroutines");
        }
    }
}
