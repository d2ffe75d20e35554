package dev.gmp.internal.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Unit and stress tests of the P's run queue (proc.go runqput/runqget/runqgrab/runqsteal semantics), alone: the
 * queue is given a global queue for its overflow, and no runtime runs.
 */
class LocalRunQueueTest {
    private final SpinLock lock = new SpinLock();
    private final GlobalRunQueue global = new GlobalRunQueue(lock);

    @Test
    void fifoAndRunnextFirst() {
        LocalRunQueue q = new LocalRunQueue(8);
        Goroutine[] g = QueueTesting.goroutines(4);
        q.put(g[0], false, global);
        q.put(g[1], false, global);
        q.put(g[2], true, global);  // runnext
        q.put(g[3], true, global);  // replaces runnext; g[2] kicked to the tail
        assertEquals(4, q.size());
        assertEquals(3, q.ringSize(), "runnext is not in the ring");
        assertTrue(q.hasRunnext());
        assertSame(g[3], q.get(), "runnext runs first");
        assertSame(g[0], q.get());
        assertSame(g[1], q.get());
        assertSame(g[2], q.get(), "the old runnext went to the tail");
        assertNull(q.get());
        assertTrue(q.isEmpty());
        assertEquals(0, global.size(), "nothing overflowed");
    }

    @Test
    void runnextAloneIsNotEmpty() {
        LocalRunQueue q = new LocalRunQueue(8);
        Goroutine[] g = QueueTesting.goroutines(1);
        assertFalse(q.put(g[0], true, global));
        assertFalse(q.isEmpty());
        assertNull(q.getRing(), "the ring half does not see runnext");
        assertSame(g[0], q.getRunnext());
        assertTrue(q.isEmpty());
    }

    @Test
    void lendRunnextMovesItToAnEmptyRingOnly() {
        LocalRunQueue q = new LocalRunQueue(8);
        Goroutine[] g = QueueTesting.goroutines(3);
        assertFalse(q.lendRunnext(global), "nothing to lend");
        q.put(g[0], true, global);
        assertTrue(q.lendRunnext(global));
        assertFalse(q.hasRunnext());
        assertEquals(1, q.ringSize(), "lent to the ring");
        LocalRunQueue thief = new LocalRunQueue(8);
        int[] n = new int[1];
        assertSame(g[0], thief.steal(q, false, true, n), "a thief takes it without asking for runnext");
        assertTrue(q.awaitStolen(0), "the ring is empty again");
        q.put(g[1], false, global);
        q.put(g[2], true, global);
        assertFalse(q.lendRunnext(global), "the ring holds a goroutine: runnext stays");
        assertTrue(q.hasRunnext());
        assertFalse(q.awaitStolen(1_000), "no thief took the ring's goroutine");
        assertSame(g[2], q.get());
        assertSame(g[1], q.get());
        assertEquals(0, global.size());
    }

    @Test
    void overflowMovesHalfPlusOneToGlobal() {
        LocalRunQueue q = new LocalRunQueue(8);
        Goroutine[] g = QueueTesting.goroutines(9);
        for (int i = 0; i < 8; i++) {
            assertFalse(q.put(g[i], false, global));
        }
        assertTrue(q.put(g[8], false, global), "a full ring overflows");
        assertEquals(4, q.size(), "half the ring stays");
        assertEquals(5, global.size(), "half the ring plus the new G went to the global queue");
        lock.lock();
        try {
            for (int i = 0; i < 5; i++) {
                assertSame(i < 4 ? g[i] : g[8], global.pop(), "oldest first, the new G last");
            }
            assertNull(global.pop());
        } finally {
            lock.unlock();
        }
        for (int i = 4; i < 8; i++) {
            assertSame(g[i], q.get(), "the newer half stays local, in order");
        }
    }

    @Test
    void runnextKickedIntoAFullRingOverflows() {
        LocalRunQueue q = new LocalRunQueue(4);
        Goroutine[] g = QueueTesting.goroutines(6);
        for (int i = 0; i < 4; i++) {
            q.put(g[i], false, global);
        }
        assertFalse(q.put(g[4], true, global), "runnext was free");
        assertTrue(q.put(g[5], true, global), "the old runnext went to a full ring");
        assertEquals(3, global.size(), "two of the ring and the kicked runnext");
        assertSame(g[5], q.get());
    }

    @Test
    void stealTakesHalfAndRunnextOnlyWhenAsked() {
        LocalRunQueue victim = new LocalRunQueue(16);
        LocalRunQueue thief = new LocalRunQueue(16);
        Goroutine[] g = QueueTesting.goroutines(7);
        for (int i = 0; i < 6; i++) {
            victim.put(g[i], false, global);
        }
        victim.put(g[6], true, global);
        int[] n = new int[1];
        Goroutine got = thief.steal(victim, false, false, n);
        assertEquals(3, n[0], "half of 6");
        assertSame(g[2], got, "the last stolen G is returned to run");
        assertEquals(2, thief.size());
        assertSame(g[0], thief.get(), "the others wait in the thief's ring, in order");
        assertSame(g[1], thief.get());
        assertEquals(4, victim.size(), "3 in the ring + runnext");
        // drain the victim's ring; runnext is only stolen when asked
        assertSame(g[3], victim.getRing());
        assertSame(g[4], victim.getRing());
        assertSame(g[5], victim.getRing());
        assertNull(thief.steal(victim, false, false, n));
        assertEquals(0, n[0]);
        assertSame(g[6], thief.steal(victim, true, false, n));
        assertEquals(1, n[0]);
        assertTrue(victim.isEmpty());
    }

    @Test
    void stealOfOneTakesIt() {
        LocalRunQueue victim = new LocalRunQueue(8);
        LocalRunQueue thief = new LocalRunQueue(8);
        Goroutine[] g = QueueTesting.goroutines(1);
        victim.put(g[0], false, global);
        int[] n = new int[1];
        assertSame(g[0], thief.steal(victim, false, false, n), "half of one rounds up");
        assertEquals(1, n[0]);
        assertTrue(victim.isEmpty());
        assertTrue(thief.isEmpty(), "the one stolen G is returned, not queued");
    }

    @Test
    void drainToMovesRunnextAndRingToGlobal() {
        LocalRunQueue q = new LocalRunQueue(8);
        Goroutine[] g = QueueTesting.goroutines(3);
        q.put(g[0], false, global);
        q.put(g[1], false, global);
        q.put(g[2], true, global);
        q.drainTo(global);
        assertTrue(q.isEmpty());
        assertEquals(3, global.size());
        AtomicIntegerArray seen = new AtomicIntegerArray(4);
        QueueTesting.drain(global, lock, seen);
        for (int i = 1; i <= 3; i++) {
            assertEquals(1, seen.get(i));
        }
    }

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new LocalRunQueue(6));
        assertThrows(IllegalArgumentException.class, () -> new LocalRunQueue(1));
    }

    /**
     * Stress: an owner puts, gets and lends its runnext to the ring while thieves steal (half of them treating
     * the owner as running, so they sleep before taking runnext and a loan wakes them), with a tiny ring so that
     * overflow, wrap-around and inconsistent head/tail reads happen constantly. Every G must be taken exactly
     * once.
     */
    @Test
    void stressOwnerVersusThievesEveryGoroutineOnce() throws Exception {
        int total = 200_000;
        Goroutine[] g = QueueTesting.goroutines(total);
        AtomicIntegerArray seen = new AtomicIntegerArray(total + 1);
        LocalRunQueue owner = new LocalRunQueue(8);
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> thieves = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            LocalRunQueue mine = new LocalRunQueue(8);
            boolean victimRunning = (k & 1) == 0;
            thieves.add(Thread.ofPlatform().start(() -> {
                int[] n = new int[1];
                while (!done.get() || !owner.isEmpty()) {
                    Goroutine x = mine.steal(owner, true, victimRunning, n);
                    if (x != null) {
                        seen.incrementAndGet((int) x.goid);
                        Goroutine y;
                        while ((y = mine.get()) != null) {
                            seen.incrementAndGet((int) y.goid);
                        }
                    }
                }
            }));
        }
        for (int i = 0; i < total; i++) {
            owner.put(g[i], (i % 3) == 0, global);
            if (i % 5 == 0) {
                owner.lendRunnext(global);
            }
            if ((i & 1) == 0) {
                Goroutine x = owner.get();
                if (x != null) {
                    seen.incrementAndGet((int) x.goid);
                }
            }
        }
        done.set(true);
        for (Thread th : thieves) {
            th.join();
        }
        Goroutine x;
        while ((x = owner.get()) != null) {
            seen.incrementAndGet((int) x.goid);
        }
        QueueTesting.drain(global, lock, seen);
        for (int i = 1; i <= total; i++) {
            assertEquals(1, seen.get(i), "goroutine " + i + " taken exactly once");
        }
    }
}
