package dev.gmp.internal.sched;

import static dev.gmp.TestRuntimes.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.GmpRuntime;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sysmon's deep sleep (Go's {@code sysmonwait}): with every P idle it stops its 10 ms ticks, and the first P to
 * leave the idle list wakes it, so a goroutine that then runs too long is still preempted. A schedtrace hook keeps
 * it ticking, and closing the runtime ends it even while it sleeps.
 */
class SysmonDeepSleepTest {
    private static final long WAIT_NS = 20_000_000_000L; // far above any tick; far below DEEP_SLEEP_NS

    @Test
    void sleepsWhileEveryPIsIdleAndWakesWhenOneRuns() throws Exception {
        GmpRuntime rt = GmpRuntime.builder().name("deepsleep").gomaxprocs(1).build();
        Scheduler s = rt.scheduler();
        try {
            awaitTrue(() -> s.sysmonwait, "sysmon never slept with every P idle");
            long before = s.sysmonRounds();
            Thread.sleep(300); // 30 ticks of an idle sysmon that does not sleep deeply
            assertEquals(before, s.sysmonRounds(), "sysmon looked at the Ps while every P was idle");

            // The only P is taken by the main goroutine, which spins with a poll point and waits for a goroutine
            // queued behind it: only sysmon's preemption request lets that one run.
            AtomicBoolean ran = new AtomicBoolean();
            AtomicBoolean gaveUp = new AtomicBoolean();
            rt.run(() -> {
                rt.go(() -> ran.set(true));
                long deadline = System.nanoTime() + WAIT_NS;
                while (!ran.get()) {
                    Preemption.poll();
                    if (System.nanoTime() > deadline) {
                        gaveUp.set(true);
                        return;
                    }
                }
            });
            assertTrue(ran.get() && !gaveUp.get(), "a spinning goroutine was not preempted after sysmon's deep sleep");
            assertTrue(s.sysmonRounds() > before, "sysmon did not wake when a P left the idle list");
            awaitTrue(() -> s.sysmonwait, "sysmon did not sleep again once the P was idle");
        } finally {
            rt.close();
        }
        awaitTrue(() -> sysmonThread("deepsleep-sysmon") == null, "close() left sysmon asleep");
    }

    @Test
    void aSchedtraceHookKeepsItTicking() throws Exception {
        GmpRuntime rt = GmpRuntime.builder().name("deepsleep-hook").gomaxprocs(2).build();
        Scheduler s = rt.scheduler();
        try {
            awaitTrue(() -> s.sysmonwait, "sysmon never slept with every P idle");
            AtomicInteger ticks = new AtomicInteger();
            s.addSysmonHook(now -> ticks.incrementAndGet());
            awaitTrue(() -> ticks.get() >= 20, "a hook added while sysmon slept was not ticked");
            assertTrue(!s.sysmonwait, "sysmon slept again with a hook to tick");
        } finally {
            rt.close();
        }
    }

    private static Thread sysmonThread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElse(null);
    }
}
