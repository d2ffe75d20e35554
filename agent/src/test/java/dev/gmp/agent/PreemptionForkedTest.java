package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testapp.hog.Hog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go src/runtime/proc_test.go TestPingPongHog and of a GOMAXPROCS=1 hog: a loop that makes
 * no calls must not starve a goroutine that ticks every 10 ms, once {@code preempt=} covers its package.
 */
class PreemptionForkedTest {

    @ParameterizedTest(name = "a {0} loop")
    @ValueSource(strings = {"counted", "while"})
    @Timeout(60)
    void aBusyLoopInAPreemptPackageNoLongerStarvesTheTicker(String shape) throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(Hog.class, shape)
                .agentArgs("gomaxprocs=1,banner=off,preempt=dev.gmp.testapp.hog.").timeout(40).run();
        assertEquals(0, r.exit(), r.toString());
        // With one P and a loop that never yields by itself, the ticker runs during the loop only if the loop was
        // preempted; cooperatively it waits for the whole 1,000 ms hog (the test below). How soon it runs after each
        // tick (max_gap_ms) depends on when the OS runs sysmon and the M, so it is printed, not asserted.
        assertTrue(r.value("preemptions") >= 1, r.toString());
        assertTrue(r.value("ticks_during_hog") >= 2, "the ticker ran during the hog\n" + r);
    }

    @Test
    @Timeout(60)
    void withoutTheOptionTheLoopIsCooperative() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(Hog.class).agentArgs("gomaxprocs=1,banner=off").timeout(40).run();
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.value("max_gap_ms") >= 500, "documented: no poll in the loop, the ticker waits\n" + r);
    }
}
