package dev.gmp.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Fails when a JDK update moves a rewrite target: the routing factory ({@code ThreadBuilders.newVirtualThread}),
 * {@code Blocker.begin/end} in the shape this JDK should have, and the Java callers of the file natives.
 */
class JdkTargetsTest {
    @Test
    void routingTargetIsWhereTheAgentWeavesIt() {
        assertTrue(JdkTargets.routingTarget(), "java.lang.ThreadBuilders.newVirtualThread(Executor, String, int, "
                + "Runnable) moved on JDK " + Runtime.version() + ": update JdkRewrites.routing");
    }

    @Test
    void blockerHasTheShapeOfThisJdk() {
        Class<?> expected = Runtime.version().feature() >= 23 ? boolean.class : long.class;
        assertEquals(expected, JdkTargets.blockerToken(), "jdk.internal.misc.Blocker changed on JDK "
                + Runtime.version() + ": update JdkRewrites.blocker*");
    }

    @Test
    void fileStreamNativesAreCalledFromTheExpectedJavaMethods() {
        assertNull(JdkTargets.fileIoMissing());
    }

    @Test
    void hasKnownQueuedWorkIsWhereTheAgentWeavesIt() {
        assertTrue(JdkTargets.queuedWorkTarget(), "java.util.concurrent.ForkJoinWorkerThread.hasKnownQueuedWork() "
                + "moved on JDK " + Runtime.version() + ": update JdkRewrites.knownQueuedWork");
    }
}
