package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testapp.PollerReadiness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK's socket pollers on GMP (docs/architecture.md §4.6): under the agent its sub-pollers are system
 * goroutines, which its master poller, a platform thread, readies onto the global queue; they ready the
 * goroutines whose sockets are ready. Timeouts only guard against hangs.
 */
class SocketPollersForkedTest {
    /**
     * A P that never runs dry (a goroutine yielding in a loop at GOMAXPROCS 1 always finds itself on the global
     * queue) still delivers a socket's readiness: the readied sub-poller waits on the same queue, ahead of it.
     */
    @Test
    @Timeout(90)
    void aReadCompletesBesideAGoroutineThatKeepsThePBusy() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(PollerReadiness.class, "yielder")
                .agentArgs("banner=off,gomaxprocs=1").timeout(75).run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1, r.value("woke"), r.toString());
        assertTrue(r.value("pollerGoroutines") >= 1, "the sub-pollers ran as goroutines\n" + r);
    }

    /** Every read parks and is woken through the pollers: no wake-up may be lost, at one P or two. */
    @ParameterizedTest(name = "gomaxprocs={0}")
    @ValueSource(ints = {1, 2})
    @Timeout(120)
    void loopbackEchoesLoseNoWakeUp(int procs) throws Exception {
        int pairs = 16;
        int rounds = 2_000;
        ForkedJvm.Result r = ForkedJvm.main(PollerReadiness.class, "echo", "" + pairs, "" + rounds)
                .agentArgs("banner=off,gomaxprocs=" + procs).timeout(100).run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals((long) pairs * rounds, r.value("roundTrips"), r.toString());
        assertTrue(r.value("pollerGoroutines") >= 1, "the sub-pollers ran as goroutines\n" + r);
    }
}
