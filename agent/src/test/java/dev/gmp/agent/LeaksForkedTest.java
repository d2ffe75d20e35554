package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testapp.IdleSocketReads;
import dev.gmp.testapp.LeakFive;
import dev.gmp.testapp.LeakPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Leak detection under the real agent ({@code leaks=proven}, the default): leaked goroutines are proven in a JVM whose
 * class-file transformer is registered, including goroutines whose first channel operation is the runtime's
 * first; and the one documented limit of proven detection under a transformer holds as documented.
 */
class LeaksForkedTest {

    @Test
    @Timeout(60)
    void bothGoroutinesOfOneGoStatementAreProvenUnderTheAgent() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(LeakPair.class).agentArgs("banner=off").timeout(40).run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(2, r.value("proven"), "both leaks proven (the runtime's classes are preloaded)\n" + r);
        assertEquals(0, r.value("goroutines"), r.toString());
        assertEquals(2, r.err().split("gmp: goroutine leak: goroutine ", -1).length - 1, r.toString());
        assertTrue(r.err().contains("[chan send (leaked)]:"), r.toString());
        assertTrue(r.err().contains("created by dev.gmp.testapp.LeakPair.leak"), r.toString());
    }

    /**
     * A fresh application proves every leak it makes in its first moments, each from its own request-like
     * virtual thread and each the JVM's first wait in its primitive (a channel, CompletableFuture.get,
     * LinkedBlockingQueue.take, Condition.await, SynchronousQueue.take): ClassPreload loads those wait paths
     * before any goroutine can load them itself. Under every collector of HotSpot: a proof is the collector
     * clearing the weak reference to a parked virtual thread, whose stack lives in heap chunks that each collector
     * treats its own way.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-XX:+UseSerialGC", "-XX:+UseG1GC", "-XX:+UseParallelGC", "-XX:+UseZGC",
            "-XX:+UseShenandoahGC"})
    @Timeout(60)
    void fiveLeaksRightAfterStartAreAllProven(String collector) throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(LeakFive.class, "chan,future,linked,condition,queue", "20000", "jul")
                .gc(collector).agentArgs("banner=off").timeout(40).run();
        Assumptions.assumeFalse(r.exit() != 0 && r.err().contains("Unrecognized VM option"),
                "this JVM has no " + collector);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(5, r.value("proven"), r.toString());
        assertEquals(0, r.value("goroutines"), r.toString());
        // leak.log=logger (the default): one event per leak in the application's logging, nothing on stderr.
        assertEquals(5, r.value("logged"), r.toString());
        assertFalse(r.err().contains("goroutine leak"), r.toString());
    }

    /** leak.log=stderr keeps every report on stderr, and the application's logging receives none. */
    @Test
    @Timeout(60)
    void leakLogStderrPrintsEveryReport() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(LeakFive.class, "chan,chan,chan", "20000", "jul")
                .agentArgs("banner=off,leak.log=stderr").timeout(40).run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(3, r.value("proven"), r.toString());
        assertEquals(0, r.value("logged"), r.toString());
        assertEquals(3, r.err().split("gmp: goroutine leak: goroutine ", -1).length - 1, r.toString());
    }

    /**
     * docs/leaks.md, "Limits": a virtual thread in Object.wait is held by the JVM's monitor (so on a plain JDK
     * too), so its leak is never proven; the other one is. If this fails because both are proven, the JDK has
     * lifted the limit: update the docs.
     */
    @Test
    @Timeout(60)
    void aGoroutineInObjectWaitIsNotProvenAsDocumented() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(LeakFive.class, "monitor,chan", "3000").agentArgs("banner=off")
                .timeout(40).run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1, r.value("proven"), r.toString());
        assertEquals(1, r.value("goroutines"), "the goroutine in Object.wait is still there\n" + r);
    }

    /**
     * docs/leaks.md, "Limits": a goroutine that loaded a class while running stays reachable (HotSpot keeps it
     * while a transformer is registered), so its leak is not proven; the other one is. If this fails because both
     * are proven, the JDK has lifted the limit: update the docs.
     */
    @Test
    @Timeout(60)
    void aGoroutineThatLoadedAClassIsNotProvenAsDocumented() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(LeakPair.class, "app-class", "3000").agentArgs("banner=off")
                .timeout(40).run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1, r.value("proven"), r.toString());
        assertEquals(1, r.value("goroutines"), "the class-loading goroutine is still there\n" + r);
    }

    /**
     * docs/leaks.md, "System goroutines": the JDK's socket sub-pollers, started by the first blocking socket read
     * on a virtual thread and parked in I/O wait for good, are never suspected with {@code leak.threshold=1s},
     * never proven, not counted, and not dumped; they were goroutines all along ({@code goroutines(true)}).
     */
    @Test
    @Timeout(60)
    void theJdksPollersAreSystemGoroutinesNotLeaks() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(IdleSocketReads.class, "10000")
                .agentArgs("banner=off,leak.threshold=1s").timeout(45).run();
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.value("systemWaiting") >= 1, "the pollers ran as goroutines and wait in I/O\n" + r);
        assertEquals(0, r.value("maxSuspected"), r.toString());
        assertEquals(0, r.value("provenTotal"), r.toString());
        assertEquals(0, r.value("dumpedPollers"), "hidden from dumps, as Go hides its own\n" + r);
        assertEquals(1, r.value("dumpedPollersWithSystem"), "shown when asked for, as with GOTRACEBACK=system\n" + r);
        assertEquals(0, r.value("goroutines"), "not counted, as Go's NumGoroutine leaves out ngsys\n" + r);
        assertEquals(java.util.List.of(), r.errLines(), r.toString());
    }
}
