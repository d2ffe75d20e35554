package dev.gmp.leak;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Chan;
import dev.gmp.GmpConfigException;
import dev.gmp.GmpRuntime;
import dev.gmp.LeakReport;
import dev.gmp.SuspectedLeak;
import dev.gmp.TestRuntimes;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Suspected leaks (blocked past {@code leak.threshold}, by creation site and wait reason, with the growth signal),
 * the leak options, and what {@code leaks=proven} says on a JVM that tracks every virtual thread (this one).
 */
@Timeout(60)
class SuspectedLeakTest {
    private static final Chan<Integer> NEVER = Chan.make(); // reachable forever: never a proven leak

    private static void blockAtSiteA(GmpRuntime rt) {
        rt.go(NEVER::recv);
    }

    private static void blockAtSiteB(GmpRuntime rt, Chan<Integer> c) {
        rt.go(() -> c.send(1));
    }

    private static TestRuntimes runtime(Duration threshold) {
        return new TestRuntimes(GmpRuntime.builder().name("suspect").gomaxprocs(2).leakThreshold(threshold));
    }

    private static LeakReport awaitReport(GmpRuntime rt, java.util.function.Predicate<LeakReport> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        LeakReport r = rt.leaks();
        while (!done.test(r)) {
            assertTrue(System.nanoTime() < deadline, "never: " + r);
            Thread.sleep(20);
            r = rt.leaks();
        }
        return r;
    }

    @Test
    void blockedPastTheThresholdAreGroupedBySiteAndReasonAndGauged() throws Exception {
        try (TestRuntimes t = runtime(Duration.ofMillis(300))) {
            GmpRuntime rt = t.rt;
            Chan<Integer> c = Chan.make();
            for (int i = 0; i < 3; i++) {
                blockAtSiteA(rt);
            }
            blockAtSiteB(rt, c);
            LeakReport r = awaitReport(rt, x -> x.suspectedCount() == 4);
            assertEquals(2, r.suspected().size(), r.toString());
            SuspectedLeak a = r.suspected().get(0);
            assertEquals(3, a.count());
            assertEquals("chan receive", a.waitReason());
            assertEquals("blockAtSiteA", a.createdBy().get(0).getMethodName());
            assertTrue(a.oldestBlockedNanos() >= 300_000_000L);
            assertEquals(3, a.goids().size());
            SuspectedLeak b = r.suspected().get(1);
            assertEquals("chan send", b.waitReason());
            assertEquals("blockAtSiteB", b.createdBy().get(0).getMethodName());
            assertEquals(Map.of("chan receive", 3, "chan send", 1), rt.stats().suspectedLeaks());
            String text = r.toString();
            assertTrue(text.contains("3 goroutines [chan receive, oldest "), text);
            assertTrue(text.contains("created by dev.gmp.leak.SuspectedLeakTest.blockAtSiteA\n"), text);
            assertEquals(0, r.provenTotal());
            // Released: the next scan forgets them, and the gauge falls to zero.
            assertEquals(1, c.recv());
            awaitReport(rt, x -> x.suspectedCount() == 3);
            assertEquals(Map.of("chan receive", 3), rt.stats().suspectedLeaks());
        }
    }

    @Test
    void notYetPastTheThresholdIsNotSuspected() throws Exception {
        try (TestRuntimes t = runtime(Duration.ofSeconds(30))) {
            blockAtSiteA(t.rt);
            Thread.sleep(400); // several scans (every 3 s at this threshold: the check below rescans)
            LeakReport r = t.rt.checkLeaks();
            assertEquals(0, r.suspectedCount(), r.toString());
            assertEquals(Map.of(), t.rt.stats().suspectedLeaks());
        }
    }

    @Test
    void aSiteThatKeepsAddingBlockedGoroutinesIsGrowing() throws Exception {
        try (TestRuntimes t = runtime(Duration.ofMillis(100))) {
            GmpRuntime rt = t.rt;
            blockAtSiteB(rt, Chan.make()); // one stuck sender that does not grow
            LeakReport r = null;
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < deadline) {
                blockAtSiteA(rt); // the ever-growing wait
                Thread.sleep(60);
                r = rt.leaks();
                if (r.suspected().stream().anyMatch(SuspectedLeak::growing)) {
                    break;
                }
            }
            SuspectedLeak growing = r.suspected().stream().filter(SuspectedLeak::growing).findFirst().orElseThrow(
                    () -> new AssertionError("no growth seen"));
            assertEquals("blockAtSiteA", growing.createdBy().get(0).getMethodName());
            assertTrue(growing.risingScans() >= SuspectedLeak.GROWTH_SCANS);
            assertTrue(growing.added() > 0);
            SuspectedLeak flat = r.suspected().stream().filter(s -> s.waitReason().equals("chan send")).findFirst()
                    .orElseThrow();
            assertFalse(flat.growing(), r.toString());
            assertTrue(r.toString().contains(" GROWING: +"), r.toString());
        }
    }

    @Test
    void provenAskedForOnATrackingJvmSaysOnceThatItIsOff() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("false".equals(System.getProperty("jdk.trackAllThreads")));
        try (TestRuntimes t = new TestRuntimes(GmpRuntime.builder().name("tracked").gomaxprocs(1).leaks("proven"))) {
            blockAtSiteA(t.rt);
            LeakReport r = t.rt.checkLeaks();
            t.rt.checkLeaks();
            assertFalse(r.provenDetection());
            assertTrue(r.provenNote().contains("jdk.trackAllThreads is on"), r.provenNote());
            String err = t.err();
            assertEquals(1, err.split("leaks=proven is off", -1).length - 1, err);
            assertTrue(err.contains("-Djdk.trackAllThreads=false"), err);
        }
        try (TestRuntimes t = new TestRuntimes(GmpRuntime.builder().name("default").gomaxprocs(1))) {
            blockAtSiteA(t.rt);
            assertFalse(t.rt.checkLeaks().provenDetection());
            assertEquals("", t.err(), "the default mode does not warn");
        }
    }

    @Test
    void leakOptionsAreValidatedInOneLine() {
        GmpConfigException e = assertThrows(GmpConfigException.class, () -> GmpRuntime.builder().leaks("maybe"));
        assertEquals("leaks=maybe: invalid value; valid: proven, suspected, off", e.getMessage());
        e = assertThrows(GmpConfigException.class, () -> GmpRuntime.builder().leakThreshold("5x"));
        assertTrue(e.getMessage().startsWith("leak.threshold=5x: invalid value; valid: a positive Go duration"));
        assertThrows(GmpConfigException.class, () -> GmpRuntime.builder().leakThreshold("0s"));
        Properties p = new Properties();
        p.setProperty("gmp.leak.threshold", "-1m");
        assertThrows(GmpConfigException.class, () -> GmpRuntime.builder().fromEnvironment(Map.of(), p));
        p.setProperty("gmp.leak.threshold", "90s");
        p.setProperty("gmp.leaks", "suspected");
        try (GmpRuntime rt = GmpRuntime.builder().fromEnvironment(Map.of(), p).name("env").build()) {
            assertEquals(Duration.ofSeconds(90), rt.leaks().threshold());
            assertEquals("leaks=suspected", rt.leaks().provenNote());
        }
    }
}
