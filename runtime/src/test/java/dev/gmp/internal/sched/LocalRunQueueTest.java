package dev.gmp.internal.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.TestRuntimes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Unit and stress tests of the P's run queue (proc.go runqput/runqget/runqgrab/runqsteal semantics). */
class LocalRunQueueTest {

    private static Goroutine[] gs(Scheduler s, int n) {
        Goroutine[] out = new Goroutine[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Goroutine(s, i + 1, 0, new StackTraceElement[0], false, Thread.ofVirtual().unstarted(() -> {}), null);
        }
        return out;
    }

    @Test
    void fifoAndRunnextFirst() {
        try (TestRuntimes t = new TestRuntimes(1)) {
            Scheduler s = t.rt.scheduler();
            LocalRunQueue q = new LocalRunQueue(8);
            Goroutine[] g = gs(s, 4);
            q.put(g[0], false, s);
            q.put(g[1], false, s);
            q.put(g[2], true, s);  // runnext
            q.put(g[3], true, s);  // replaces runnext; g[2] kicked to the tail
            assertEquals(4, q.size());
            assertSame(g[3], q.get(), "runnext runs first");
            assertSame(g[0], q.get());
            assertSame(g[1], q.get());
            assertSame(g[2], q.get(), "the old runnext went to the tail");
            assertNull(q.get());
            assertTrue(q.isEmpty());
        }
    }

    @Test
    void overflowMovesHalfPlusOneToGlobal() {
        try (TestRuntimes t = new TestRuntimes(1)) {
            Scheduler s = t.rt.scheduler();
            LocalRunQueue q = new LocalRunQueue(8);
            Goroutine[] g = gs(s, 9);
            for (int i = 0; i < 8; i++) {
                assertFalse(q.put(g[i], false, s));
            }
            assertTrue(q.put(g[8], false, s), "a full ring overflows");
            assertEquals(4, q.size(), "half the ring stays");
            assertEquals(5, s.runqsize, "half the ring plus the new G went to the global queue");
            s.lock.lock();
            try {
                for (int i = 0; i < 5; i++) {
                    Goroutine x = s.globrunqpop();
                    assertSame(i < 4 ? g[i] : g[8], x, "oldest first, the new G last");
                }
            } finally {
                s.lock.unlock();
            }
        }
    }

    @Test
    void stealTakesHalfAndRunnextOnlyWhenAsked() {
        try (TestRuntimes t = new TestRuntimes(1)) {
            Scheduler s = t.rt.scheduler();
            LocalRunQueue victim = new LocalRunQueue(16);
            LocalRunQueue thief = new LocalRunQueue(16);
            Goroutine[] g = gs(s, 7);
            for (int i = 0; i < 6; i++) {
                victim.put(g[i], false, s);
            }
            victim.put(g[6], true, s);
            int[] n = new int[1];
            Goroutine got = thief.steal(victim, false, false, n);
            assertEquals(3, n[0], "half of 6");
            assertSame(g[2], got, "the last stolen G is returned to run");
            assertEquals(2, thief.size());
            assertEquals(4, victim.size(), "3 in the ring + runnext");
            // drain the victim's ring; runnext is only stolen when asked
            victim.getRing();
            victim.getRing();
            victim.getRing();
            assertNull(thief.steal(victim, false, false, n));
            assertSame(g[6], thief.steal(victim, true, false, n));
            assertEquals(1, n[0]);
            assertTrue(victim.isEmpty());
        }
    }

    /**
     * Stress: an owner puts and gets while thieves steal, with a tiny ring so that overflow, wrap-around and
     * inconsistent head/tail reads happen constantly. Every G must be taken exactly once.
     */
    @Test
    void stressOwnerVersusThievesEveryGoroutineOnce() throws Exception {
        try (TestRuntimes t = new TestRuntimes(1)) {
            Scheduler s = t.rt.scheduler();
            int total = 200_000;
            Goroutine[] g = gs(s, total);
            AtomicIntegerArray seen = new AtomicIntegerArray(total + 1);
            LocalRunQueue owner = new LocalRunQueue(8);
            AtomicBoolean done = new AtomicBoolean();
            List<Thread> thieves = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                LocalRunQueue mine = new LocalRunQueue(8);
                thieves.add(Thread.ofPlatform().start(() -> {
                    int[] n = new int[1];
                    while (!done.get() || !owner.isEmpty()) {
                        Goroutine x = mine.steal(owner, true, false, n);
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
                owner.put(g[i], (i % 3) == 0, s);
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
            s.lock.lock();
            try {
                while ((x = s.globrunqpop()) != null) {
                    seen.incrementAndGet((int) x.goid);
                }
            } finally {
                s.lock.unlock();
            }
            for (int i = 1; i <= total; i++) {
                assertEquals(1, seen.get(i), "goroutine " + i + " taken exactly once");
            }
        }
    }
}
