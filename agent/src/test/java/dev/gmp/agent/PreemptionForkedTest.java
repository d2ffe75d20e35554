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
        // How soon the ticker runs after each tick depends on when the OS runs sysmon and the M (a platform
        // thread's 10 ms sleep overran by 130 ms on a loaded machine): the test only separates the two behaviours.
        // Cooperative, the ticker waits for the whole 1,000 ms hog (the test below); preempted, it keeps ticking
        // during the hog, and its worst gap is a fraction of it.
        assertTrue(r.value("preemptions") >= 1, r.toString());
        assertTrue(r.value("ticks_during_hog") >= 2, "the ticker ran during the hog\n" + r);
        assertTrue(r.value("max_gap_ms") < 500, "the ticker never waited half the hog\n" + r);
    }

    @Test
    @Timeout(60)
    void withoutTheOptionTheLoopIsCooperative() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(Hog.class).agentArgs("gomaxprocs=1,banner=off").timeout(40).run();
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.value("max_gap_ms") >= 500, "documented: no poll in the loop, the ticker waits\n" + r);
    }
}
