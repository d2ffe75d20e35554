package dev.gmp.internal.sched;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The poll's fast path is one process-wide word shared by every runtime. It was a flag that each runtime's sysmon
 * overwrote on every tick, so with two runtimes an idle one cleared the other's request:
 * <pre>
 *   T1 (sysmon of A, a goroutine flagged)     T2 (sysmon of B, idle)
 *   requested = true
 *                                             requested = false   (every tick)
 *   A's goroutine polls: false, keeps running
 * </pre>
 * It is now a count of runtimes with something flagged, each sysmon adding and removing only itself.
 */
class PreemptionTest {
    @Test
    void anIdleRuntimeDoesNotClearAnothersRequest() throws InterruptedException {
        Sysmon a = new Sysmon(null);
        Sysmon b = new Sysmon(null);
        long deadline = System.nanoTime() + 30_000_000_000L; // an earlier test's runtime may still be winding down
        while (Preemption.anyFlagged()) {
            assertTrue(System.nanoTime() < deadline, "a runtime of an earlier test keeps a goroutine flagged");
            Thread.sleep(10);
        }
        a.raise(true);
        b.raise(false);
        b.raise(false);
        assertTrue(Preemption.anyFlagged(), "B's idle ticks leave A's request standing");
        b.raise(true);
        a.raise(false);
        assertTrue(Preemption.anyFlagged(), "B's own request stands when A's is done");
        b.raise(false);
        assertFalse(Preemption.anyFlagged());
        a.raise(false);
        assertFalse(Preemption.anyFlagged(), "a repeated 'clear' takes nothing away");
    }
}
