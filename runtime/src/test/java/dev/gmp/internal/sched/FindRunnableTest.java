package dev.gmp.internal.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.TestRuntimes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The search order of proc.go findRunnable, seen from outside. */
class FindRunnableTest {

    /**
     * "Check the global runnable queue once in a while to ensure fairness. Otherwise two goroutines can
     * completely occupy the local runqueue by constantly respawning each other." (proc.go findRunnable)
     * At GOMAXPROCS=1, two goroutines keep respawning each other through runnext; a goroutine started from a
     * platform thread sits on the global queue and must still run, thanks to the 61st-tick check.
     */
    @Test
    void respawningPairCannotStarveTheGlobalQueue() throws Exception {
        try (TestRuntimes t = new TestRuntimes(1)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong spawns = new AtomicLong();
            t.rt.go(() -> respawn(t, stop, spawns));
            while (spawns.get() < 1_000) {
                Thread.sleep(1);
            }
            CountDownLatch ran = new CountDownLatch(1);
            t.rt.go(ran::countDown); // from a platform thread: the global queue
            try {
                assertTrue(ran.await(10, TimeUnit.SECONDS), "the global queue was starved");
            } finally {
                stop.set(true);
            }
            assertTrue(spawns.get() > 1_000);
        }
    }

    private static void respawn(TestRuntimes t, AtomicBoolean stop, AtomicLong spawns) {
        if (stop.get()) {
            return;
        }
        spawns.incrementAndGet();
        t.rt.go(() -> respawn(t, stop, spawns)); // runnext: inherits the time slice, never yields otherwise
    }

    /**
     * A yielding goroutine goes to the global queue (proc.go goschedImpl: globrunqput). At GOMAXPROCS=1, A
     * spawns X (into runnext) and yields; X runs next and sees A waiting on the global queue.
     */
    @Test
    void goschedGoesToTheGlobalQueue() throws Exception {
        try (TestRuntimes t = new TestRuntimes(1)) {
            AtomicLong globalSeenByX = new AtomicLong(-1);
            AtomicLong localSeenByX = new AtomicLong(-1);
            CountDownLatch done = new CountDownLatch(2);
            t.rt.go(() -> {
                t.rt.go(() -> {
                    globalSeenByX.set(t.rt.stats().globalRunqueue());
                    localSeenByX.set(t.rt.stats().processors().get(0).runqueue());
                    done.countDown();
                });
                t.rt.gosched();
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(1, globalSeenByX.get(), "the yielded goroutine waits on the global queue");
            assertEquals(0, localSeenByX.get(), "not on the local queue");
        }
    }

    /**
     * The spinning M's last wait before it parks (FindRunnable.awaitWork), on queues without a runtime: it ends
     * as soon as another P's ring or the global queue has work, leaves runnext to its owner and the caller's own
     * P alone, and otherwise returns false no earlier than its deadline.
     */
    @Test
    void theLastSpinEndsOnWorkInAnotherRingOrTheGlobalQueueOnly() {
        SpinLock lock = new SpinLock();
        GlobalRunQueue global = new GlobalRunQueue(lock);
        Processor self = new Processor(0, 8, new LatencyHistogram());
        Processor other = new Processor(1, 8, new LatencyHistogram());
        Processor[] all = {self, other};
        Goroutine[] g = QueueTesting.goroutines(3);
        long far = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);

        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        assertFalse(FindRunnable.awaitWork(all, self, global, deadline), "nothing anywhere");
        assertTrue(System.nanoTime() - deadline >= 0, "gave up before its deadline");

        assertFalse(other.runq.put(g[0], true, global)); // the other P's runnext
        self.runq.put(g[1], false, global);              // the spinner's own ring
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        assertFalse(FindRunnable.awaitWork(all, self, global, deadline),
                "runnext and its own ring are not work to wait for");

        assertFalse(other.runq.put(g[2], false, global)); // the other P's ring
        assertTrue(FindRunnable.awaitWork(all, self, global, far));
        assertSame(g[2], other.runq.getRing());

        global.put(g[2]); // takes the lock
        assertTrue(FindRunnable.awaitWork(all, self, global, far));
    }
}
