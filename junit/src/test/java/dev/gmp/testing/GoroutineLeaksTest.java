package dev.gmp.testing;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gmp.Chan;
import dev.gmp.GmpRuntime;
import dev.gmp.Go;
import dev.gmp.GoroutineInfo;
import dev.gmp.TestRuntimes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The goleak-style check: retries, the Go-shaped report, the ignore options, and the JUnit extension. */
@Timeout(60)
class GoroutineLeaksTest {
    private static final Chan<Integer> STUCK = Chan.make(); // never sent on

    static void blockForever(GmpRuntime rt) {
        rt.go(GoroutineLeaksTest::waitOnStuck);
    }

    static void waitOnStuck() {
        STUCK.recv();
    }

    @Test
    void goroutinesThatFinishDuringTheRetriesPass() {
        try (TestRuntimes t = new TestRuntimes(2)) {
            for (int i = 0; i < 10; i++) {
                t.rt.go(() -> t.rt.sleep(Duration.ofMillis(150)));
            }
            GoroutineLeaks.verifyNone(t.rt); // would fail at once without the retries
            assertEquals(0, t.rt.numGoroutine());
        }
    }

    @Test
    void aBlockedGoroutineFailsTheCheckInGoDumpShape() throws Exception {
        try (TestRuntimes t = new TestRuntimes(2)) {
            blockForever(t.rt);
            long start = System.nanoTime();
            AssertionError e = assertThrows(AssertionError.class,
                    () -> GoroutineLeaks.verifyNone(t.rt, GoroutineLeaks.maxWait(Duration.ofMillis(300))));
            assertTrue(System.nanoTime() - start >= 300_000_000L, "it retried for the whole wait");
            String m = e.getMessage();
            assertTrue(m.startsWith("found unexpected goroutines:\ngoroutine "), m);
            assertTrue(m.contains(" [chan receive]:\n"), m);
            assertTrue(m.contains("dev.gmp.testing.GoroutineLeaksTest.waitOnStuck(...)\n"), m);
            assertTrue(m.contains("created by dev.gmp.testing.GoroutineLeaksTest.blockForever\n"), m);
        }
    }

    @Test
    void ignoreOptionsLeaveOnlyTheOthers() throws Exception {
        try (TestRuntimes t = new TestRuntimes(2)) {
            GmpRuntime rt = t.rt;
            blockForever(rt);
            rt.go(() -> rt.sleep(Duration.ofHours(1)));
            waitFor(rt, 2);
            GoroutineLeaks.Option quick = GoroutineLeaks.maxWait(Duration.ofMillis(50));
            GoroutineLeaks.verifyNone(rt, quick, GoroutineLeaks.ignoreCurrent(rt));
            GoroutineLeaks.verifyNone(rt, quick, GoroutineLeaks.ignoreCreatedBy(
                    "dev.gmp.testing.GoroutineLeaksTest.blockForever"),
                    GoroutineLeaks.ignoreTopFunction("dev.gmp.testing.GoroutineLeaksTest.lambda$ignoreOptionsLeaveOnlyTheOthers$0"));
            GoroutineLeaks.verifyNone(rt, quick,
                    GoroutineLeaks.ignoreTopFunction("dev.gmp.testing.GoroutineLeaksTest.waitOnStuck"),
                    GoroutineLeaks.ignoreAnyFunction("dev.gmp.GmpRuntime.sleep"));
            List<GoroutineInfo> left = GoroutineLeaks.find(rt, quick,
                    GoroutineLeaks.ignoreTopFunction("dev.gmp.testing.GoroutineLeaksTest.waitOnStuck"));
            assertEquals(1, left.size());
            assertEquals("sleep", left.get(0).waitReason());
            // the top frame is the sleep call, as time.Sleep is in Go's stack (the JDK's park frames are hidden)
            StackTraceElement top = left.get(0).stack().get(0);
            assertEquals("dev.gmp.GmpRuntime.sleep", top.getClassName() + "." + top.getMethodName());
            GoroutineLeaks.verifyNone(rt, quick, GoroutineLeaks.ignoreTopFunction("dev.gmp.GmpRuntime.sleep"),
                    GoroutineLeaks.ignoreTopFunction("dev.gmp.testing.GoroutineLeaksTest.waitOnStuck"));
        }
    }

    @Test
    void theCallingGoroutineIsNeverCounted() throws Exception {
        try (TestRuntimes t = new TestRuntimes(1)) {
            t.rt.run(() -> GoroutineLeaks.verifyNone(t.rt, GoroutineLeaks.maxWait(Duration.ZERO)));
        }
    }

    private static void waitFor(GmpRuntime rt, int parked) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (rt.goroutines().stream().filter(g -> g.state().equals("waiting")).count() < parked) {
            assertTrue(System.nanoTime() < deadline);
            Thread.sleep(5);
        }
    }

    // ---- the extension, run through the JUnit launcher on fixture classes

    private static TestExecutionSummary runFixture(Class<?> c) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(c)).build(), listener);
        return listener.getSummary();
    }

    @VerifyNoGoroutineLeaks(maxWaitMillis = 200)
    static class LeavesOne {
        @Test
        void leaves() {
            Go.go(GoroutineLeaksTest::waitOnStuck);
        }

        @Test
        void cleansUp() {
            Chan<Integer> c = Chan.make();
            Go.go(() -> c.send(1));
            c.recv();
        }
    }

    @VerifyNoGoroutineLeaks(maxWaitMillis = 200, ignoreTopFunctions = "dev.gmp.testing.GoroutineLeaksTest.waitOnStuck")
    static class LeavesOneIgnored {
        @Test
        void leaves() {
            Go.go(GoroutineLeaksTest::waitOnStuck);
        }
    }

    @Test
    void theExtensionFailsOnlyTheTestThatLeaves() {
        TestExecutionSummary s = runFixture(LeavesOne.class);
        assertEquals(2, s.getTestsStartedCount());
        assertEquals(1, s.getTestsFailedCount(), () -> s.getFailures().toString());
        TestExecutionSummary.Failure f = s.getFailures().get(0);
        assertEquals("leaves()", f.getTestIdentifier().getDisplayName());
        String m = f.getException().getMessage();
        assertTrue(m.startsWith("found unexpected goroutines:"), m);
        assertTrue(m.contains("created by dev.gmp.testing.GoroutineLeaksTest$LeavesOne.leaves\n"), m);
        // goroutines from before a test (the one leaked above) do not fail later tests
        TestExecutionSummary again = runFixture(LeavesOneIgnored.class);
        assertEquals(0, again.getTestsFailedCount(), () -> again.getFailures().toString());
    }
}
