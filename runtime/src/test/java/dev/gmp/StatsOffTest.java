package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gmp.internal.sched.StatsSwitch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -Dgmp.stats=off} (this class runs in a JVM of its own with it, runtime/pom.xml): the scheduler still runs
 * goroutines, and its statistics count none of them (only the main goroutine, started from outside the scheduler)
 * and sample no latency.
 */
class StatsOffTest {
    @Test
    @Timeout(30)
    void offCountsNothing() {
        assumeTrue(!StatsSwitch.ON, "needs -Dgmp.stats=off (runtime/pom.xml runs this class in a JVM of its own)");
        try (GmpRuntime rt = StatsBurst.runtime("stats-off")) {
            assertEquals(new StatsBurst.Seen(1, 0), StatsBurst.run(rt, 3200));
        }
    }
}
