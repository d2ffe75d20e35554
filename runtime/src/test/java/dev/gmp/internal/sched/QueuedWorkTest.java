package dev.gmp.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.TestRuntimes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Scheduler#hasQueuedWork}, GMP's answer to the JDK's "does this carrier have queued work": at GOMAXPROCS 1
 * the only P runs the caller until it parks, so what the caller readies stays queued and the answer is exact. At
 * GOMAXPROCS 2 the caller may lend its runnext partner to a spinning M; "no" then means the partner runs
 * elsewhere while the caller keeps its P and spins.
 */
@Timeout(60)
class QueuedWorkTest {
    @Test
    void runnextAndTheGlobalQueueWithNoIdlePCountAsQueuedWork() throws Exception {
        try (TestRuntimes t = new TestRuntimes(1)) {
            Scheduler s = t.rt.scheduler();
            boolean[] seen = new boolean[4];
            CountDownLatch fromOutside = new CountDownLatch(1);
            t.rt.run(() -> {
                Goroutine me = s.current();
                seen[0] = s.hasQueuedWork(me);
                CountDownLatch ran = new CountDownLatch(1);
                t.rt.go(ran::countDown); // to this P's runnext
                seen[1] = s.hasQueuedWork(me);
                try {
                    ran.await(); // parks: the P runs the child, whose count-down readies us
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                seen[2] = s.hasQueuedWork(me);
                // Readied by a platform thread: the global queue. We keep the only P (spinning, no park).
                AtomicBoolean queued = new AtomicBoolean();
                Thread.ofPlatform().start(() -> {
                    t.rt.go(fromOutside::countDown);
                    queued.set(true);
                });
                while (!queued.get()) {
                    Thread.onSpinWait();
                }
                seen[3] = s.hasQueuedWork(me);
            });
            assertTrue(fromOutside.await(30, TimeUnit.SECONDS));
            assertFalse(seen[0], "nothing queued at first");
            assertTrue(seen[1], "a child waits in runnext");
            assertFalse(seen[2], "nothing after the child ran");
            assertTrue(seen[3], "a goroutine in the global queue, and no idle P to take it");
        }
    }

    /**
     * A child readied into the caller's runnext, then the question. "No" (the child was lent to a thief, or stolen
     * already) must mean that the child runs while the caller spins on its P without parking, as a
     * java.util.concurrent waiter then does; a child still on the caller's P would never run, and the spin would
     * time out. "Yes" leaves the child queued here, and the caller parks for it.
     */
    @Test
    void noMeansThePartnerRunsElsewhereWhileTheCallerSpins() throws Exception {
        int rounds = 2_000;
        AtomicInteger no = new AtomicInteger();
        AtomicInteger yes = new AtomicInteger();
        AtomicBoolean stuck = new AtomicBoolean();
        try (TestRuntimes t = new TestRuntimes(2)) {
            Scheduler s = t.rt.scheduler();
            t.rt.run(() -> {
                Goroutine me = s.current();
                for (int i = 0; i < rounds && !stuck.get(); i++) {
                    AtomicBoolean ran = new AtomicBoolean();
                    CountDownLatch done = new CountDownLatch(1);
                    t.rt.go(() -> {
                        ran.set(true);
                        done.countDown();
                    });
                    if (s.hasQueuedWork(me)) {
                        yes.incrementAndGet();
                    } else {
                        no.incrementAndGet();
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        while (!ran.get()) {
                            if (System.nanoTime() - deadline > 0) {
                                stuck.set(true); // the child sat behind our spin: the answer was wrong
                                break;
                            }
                            Thread.onSpinWait();
                        }
                    }
                    try {
                        done.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            assertFalse(stuck.get(), "after a \"no\" (" + no + " of them) the child never ran while we spun");
            assertEquals(rounds, no.get() + yes.get());
            t.assertSettles();
        }
    }
}
