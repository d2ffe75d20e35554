package dev.gmp.internal.sched;

import static dev.gmp.TestRuntimes.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.GmpRuntime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link FindRunnable#ownerBlocked}: a thief takes a running P's {@code runnext} without waiting for its owner
 * when the JVM has blocked the owner M itself. Checked on a goroutine pinned by a class initializer (the JVM runs
 * it under a native frame) and blocked there entering a monitor another thread holds: its carrier, the M, reads
 * {@code BLOCKED}, so {@code ownerBlocked} is true for its P; and false for a P whose goroutine spins in Java code.
 */
class OwnerBlockedTest {
    private static final Object LOCK = new Object();

    /** Its initializer blocks on {@link #LOCK}: a goroutine that first touches it blocks its carrier, pinned. */
    static final class BlocksInInit {
        static final int VALUE;

        static {
            synchronized (LOCK) {
                VALUE = 1;
            }
        }
    }

    @Test
    void aPinnedGoroutineBlockedOnAMonitorBlocksItsM() throws Exception {
        GmpRuntime rt = GmpRuntime.builder().name("owner-blocked").gomaxprocs(2).build();
        Scheduler s = rt.scheduler();
        AtomicReference<Goroutine> pinned = new AtomicReference<>();
        AtomicReference<Goroutine> spinner = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(2);
        try {
            synchronized (LOCK) {
                rt.go(() -> {
                    spinner.set(s.current());
                    while (!stop.get()) {
                        Thread.onSpinWait(); // running Java code: its M is RUNNABLE
                    }
                    done.countDown();
                });
                rt.go(() -> {
                    pinned.set(s.current());
                    if (BlocksInInit.VALUE != 1) {
                        throw new AssertionError();
                    }
                    done.countDown();
                });
                awaitTrue(() -> pinned.get() != null && spinner.get() != null, "the goroutines did not start");
                awaitTrue(() -> blocked(s, pinned.get()), "the pinned goroutine's P never showed its M blocked");
                Processor other = pOf(s, spinner.get());
                assertTrue(other != null, "the spinning goroutine holds no P");
                assertFalse(FindRunnable.ownerBlocked(other), "a P running Java code looked blocked");
            }
            stop.set(true);
            assertTrue(done.await(20, java.util.concurrent.TimeUnit.SECONDS), "the goroutines did not finish");
        } finally {
            stop.set(true);
            rt.close();
        }
    }

    private static boolean blocked(Scheduler s, Goroutine g) {
        Processor pp = pOf(s, g);
        return pp != null && pp.status() == PStatus.RUNNING && FindRunnable.ownerBlocked(pp);
    }

    private static Processor pOf(Scheduler s, Goroutine g) {
        for (Processor pp : s.allp) {
            Machine m = pp.m;
            if (m != null && m.curg == g) {
                return pp;
            }
        }
        return null;
    }
}
