package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testapp.hog.Hog;
import dev.gmp.testapp.hog.PreemptAtCalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A GOMAXPROCS=1 hog: a loop that makes no calls must not starve a goroutine that ticks every 10 ms, once
 * {@code preempt=} covers its package; and golang/go src/runtime/proc_test.go TestPreemption, goroutines
 * preempted at function calls. (TestPingPongHog, whose hogs hand off through channels, is runtime's ProcTest.)
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

    /**
     * TestPreemption at GOMAXPROCS 1 and 2: two goroutines that spin calling a function until it is their turn
     * take all their turns. At GOMAXPROCS 1 each turn needs a preemption. Go 1.19 here, the test's body as a
     * program printing the turns taken, at GOMAXPROCS 1 and 2 (exit status 0 both):
     * <pre>
     * GOMAXPROCS 1 turns 10
     * GOMAXPROCS 2 turns 10
     * </pre>
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    @Timeout(60)
    void goroutinesArePreemptedAtFunctionCalls(int procs) throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(PreemptAtCalls.class)
                .agentArgs("gomaxprocs=" + procs + ",banner=off,preempt=dev.gmp.testapp.hog.").timeout(40).run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(10, r.value("turns"), r.toString());
        if (procs == 1) {
            // Of the 9 hand-overs between the 10 turns, all but the last (the first goroutine ends and gives up
            // the P) happen while the other spins on the only P: at least 8 preemptions.
            assertTrue(r.value("preemptions") >= 8, "the hand-overs of the only P were preemptions\n" + r);
        }
    }
}
