package dev.gmp.internal.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the global run queue (proc.go globrunqput, globrunqputbatch, globrunqget) under its lock,
 * with the racy size read Go's callers use as a hint: producers put singles and batches while Ps take a goroutine
 * and their fair share, checked by Lincheck against the queue's own sequential behaviour.
 */
public class GlobalRunQueueLincheckTest {
    private static final int MAX = 64; // records: more than any scenario below puts

    private final SpinLock lock = new SpinLock();
    private final GlobalRunQueue q = new GlobalRunQueue(lock);
    private final Goroutine[] gs = QueueTesting.goroutines(MAX);
    // What each record carries (by goid), so results name the operation's value, not which record it drew: the
    // record is drawn before the lock is taken, in an order no sequential run need repeat.
    private final int[] values = new int[MAX + 1];
    private final AtomicInteger drawn = new AtomicInteger();
    private final LatencyHistogram histogram = new LatencyHistogram();

    /** globrunqputbatch of n goroutines carrying v (n = 1 is globrunqput). */
    @Operation
    public void put(@Param(gen = IntGen.class, conf = "1:5") int v,
                    @Param(gen = IntGen.class, conf = "1:3") int n) {
        int first = drawn.getAndAdd(n);
        for (int i = first; i < first + n; i++) {
            values[(int) gs[i].goid] = v; // published by the lock release in putBatch
            gs[i].schedlink = i + 1 < first + n ? gs[i + 1] : null;
        }
        if (n == 1) {
            q.put(gs[first]);
        } else {
            q.putBatch(gs[first], gs[first + n - 1], n);
        }
    }

    /**
     * globrunqget for a fresh P with a ring of 4, at GOMAXPROCS 2: the value of the goroutine to run, then those
     * that went to the P's ring; empty if the queue was.
     */
    @Operation
    public List<Integer> get() {
        Processor pp = new Processor(0, 4, histogram);
        Goroutine g;
        lock.lock();
        try {
            g = q.get(pp, 2, 0);
        } finally {
            lock.unlock();
        }
        List<Integer> taken = new ArrayList<>();
        if (g != null) {
            taken.add(values[(int) g.goid]);
            Goroutine y;
            while ((y = pp.runq.get()) != null) {
                taken.add(values[(int) y.goid]);
            }
        }
        return taken;
    }

    /** sched.runqsize, read without the lock. */
    @Operation
    public int size() {
        return q.size();
    }

    @Test
    void stress() {
        new StressOptions()
                .iterations(5).invocationsPerIteration(1_000).threads(3).actorsPerThread(3)
                .actorsBefore(2).actorsAfter(2)
                .check(GlobalRunQueueLincheckTest.class);
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions()
                .iterations(3).invocationsPerIteration(100).threads(3).actorsPerThread(3)
                .actorsBefore(2).actorsAfter(2)
                .check(GlobalRunQueueLincheckTest.class);
    }
}
