package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gmp.internal.sched.StatsSwitch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -Dgmp.stats=off} (this class runs in a JVM of its own with it, runtime/pom.xml): the scheduler still runs
 * goroutines and still counts them (the count is read off the goroutine ids, which cost nothing more), but samples no
 * latency.
 */
class StatsOffTest {
    @Test
    @Timeout(30)
    void offSamplesNoLatency() {
        assumeTrue(!StatsSwitch.ON, "needs -Dgmp.stats=off (runtime/pom.xml runs this class in a JVM of its own)");
        try (GmpRuntime rt = StatsBurst.runtime("stats-off")) {
            assertEquals(new StatsBurst.Seen(1 + 3200, 0), StatsBurst.run(rt, 3200));
        }
    }
}
