package dev.gmp.internal.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The global run queue alone (proc.go globrunqput, globrunqputbatch, globrunqget), without a runtime. */
class GlobalRunQueueTest {
    private final SpinLock lock = new SpinLock();
    private final GlobalRunQueue q = new GlobalRunQueue(lock);

    private static Processor processor(int runqCapacity) {
        return new Processor(0, runqCapacity, new LatencyHistogram());
    }

    private Goroutine getLocked(Processor pp, int gomaxprocs, int max) {
        lock.lock();
        try {
            return q.get(pp, gomaxprocs, max);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void putIsFifo() {
        Goroutine[] g = QueueTesting.goroutines(3);
        for (Goroutine x : g) {
            q.put(x);
        }
        assertEquals(3, q.size());
        lock.lock();
        try {
            assertSame(g[0], q.pop());
            assertSame(g[1], q.pop());
            assertSame(g[2], q.pop());
            assertNull(q.pop());
        } finally {
            lock.unlock();
        }
        assertEquals(0, q.size());
    }

    @Test
    void batchGoesBehindWhatIsQueued() {
        Goroutine[] g = QueueTesting.goroutines(4);
        q.put(g[0]);
        g[1].schedlink = g[2];
        g[2].schedlink = g[3];
        q.putBatch(g[1], g[3], 3);
        assertEquals(4, q.size());
        lock.lock();
        try {
            for (Goroutine x : g) {
                assertSame(x, q.pop());
            }
            assertNull(g[3].schedlink, "popped records are unlinked");
        } finally {
            lock.unlock();
        }
    }

    @Test
    void getTakesOneAndAFairShareToTheLocalQueue() {
        Goroutine[] g = QueueTesting.goroutines(10);
        for (Goroutine x : g) {
            q.put(x);
        }
        Processor pp = processor(256);
        // size/gomaxprocs + 1 = 10/4 + 1 = 3: one to run, two to pp's ring
        assertSame(g[0], getLocked(pp, 4, 0));
        assertEquals(2, pp.runq.size());
        assertSame(g[1], pp.runq.get());
        assertSame(g[2], pp.runq.get());
        assertEquals(7, q.size());
    }

    @Test
    void getHonoursMaxAndHalfTheRing() {
        Goroutine[] g = QueueTesting.goroutines(40);
        for (Goroutine x : g) {
            q.put(x);
        }
        Processor pp = processor(256);
        assertSame(g[0], getLocked(pp, 1, 1), "max 1: the 61st-tick check takes one");
        assertTrue(pp.runq.isEmpty());
        Processor small = processor(8);
        assertSame(g[1], getLocked(small, 1, 0), "gomaxprocs 1 would take all 39");
        assertEquals(3, small.runq.size(), "at most half the ring: 4, one of them to run");
        assertEquals(35, q.size());
    }

    @Test
    void getFromEmptyIsNull() {
        assertNull(getLocked(processor(8), 2, 0));
        lock.lock();
        try {
            assertNull(q.pop());
        } finally {
            lock.unlock();
        }
    }

    /** Producers put singles and batches while consumers get: every G comes out exactly once. */
    @Test
    void stressProducersAndConsumersEveryGoroutineOnce() throws Exception {
        int producers = 2;
        int perProducer = 50_000;
        int total = producers * perProducer;
        Goroutine[] g = QueueTesting.goroutines(total);
        AtomicIntegerArray seen = new AtomicIntegerArray(total + 1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int from = p * perProducer;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = from; i < from + perProducer; ) {
                    if (i % 5 == 0 && i + 3 <= from + perProducer) { // a batch of 3, as runqputslow sends
                        g[i].schedlink = g[i + 1];
                        g[i + 1].schedlink = g[i + 2];
                        q.putBatch(g[i], g[i + 2], 3);
                        i += 3;
                    } else {
                        q.put(g[i++]);
                    }
                }
            }));
        }
        List<Thread> consumers = new ArrayList<>();
        AtomicInteger taken = new AtomicInteger();
        for (int c = 0; c < 2; c++) {
            consumers.add(Thread.ofPlatform().start(() -> {
                Processor pp = processor(16);
                while (taken.get() < total) {
                    Goroutine x = q.size() == 0 ? null : getLocked(pp, 2, 0);
                    if (x == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    seen.incrementAndGet((int) x.goid);
                    taken.incrementAndGet();
                    Goroutine y;
                    while ((y = pp.runq.get()) != null) {
                        seen.incrementAndGet((int) y.goid);
                        taken.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Thread t : consumers) {
            t.join(60_000);
            assertFalse(t.isAlive(), "a consumer never saw the last goroutines");
        }
        assertEquals(0, q.size());
        for (int i = 1; i <= total; i++) {
            assertEquals(1, seen.get(i), "goroutine " + i + " taken exactly once");
        }
    }
}
