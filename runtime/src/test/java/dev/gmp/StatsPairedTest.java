package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gmp.internal.sched.StatsSwitch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -Dgmp.stats=paired} (this class runs in a JVM of its own with it, runtime/pom.xml), the mode in which
 * {@code bench/costs} compares iterations with and without statistics in one JVM: {@link StatsSwitch#set} turns
 * counting and latency sampling off and on again while goroutines run.
 */
class StatsPairedTest {
    @Test
    @Timeout(30)
    void setTurnsCountingOffAndOnAgain() {
        assumeTrue(StatsSwitch.PAIRED, "needs -Dgmp.stats=paired (runtime/pom.xml runs this class in a JVM of its own)");
        try (GmpRuntime rt = StatsBurst.runtime("stats-paired")) {
            int n = 3200;
            StatsSwitch.set(false);
            try {
                assertEquals(new StatsBurst.Seen(1 + n, 0), StatsBurst.run(rt, n), "counted (from ids), not sampled");
            } finally {
                StatsSwitch.set(true);
            }
            StatsBurst.Seen on = StatsBurst.run(rt, n);
            assertEquals(1 + n, on.created());
            // About n / 32 first wake-ups sampled (LatencySamplingTest), plus a few of the main goroutine's.
            assertTrue(on.latencySamples() >= n / 64 && on.latencySamples() <= n / 16, on.toString());
        }
    }
}
