package dev.gmp.internal.sched;

import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the P's run queue (proc.go runqput, runqget, runqsteal): the owner's put and get (one thread,
 * as only the owner P's M touches the tail) against concurrent thieves, checked by Lincheck against the queue's
 * own sequential behaviour. A ring of 4 makes overflow to the global queue, wrap-around and a thief's inconsistent
 * head/tail read part of short scenarios.
 *
 * <p>Thieves steal the ring only ({@code stealRunNext} false). Stealing {@code runnext} is deliberately not
 * linearizable, in Go as here: a thief that found the ring empty takes {@code runnext} by CAS, and the owner may
 * have put to the ring in between, which no sequential run allows (there the thief would take the ring).
 * <pre>
 *   T1 (thief)                              T2 (owner)
 *   read head, tail: ring empty
 *                                           put(Y, next): runnext Y, the old runnext X kicked into the ring
 *   read runnext: Y; CAS Y -> null: Y stolen
 * </pre>
 * That steal is still exactly-once, which {@link LocalRunQueueTest#stressOwnerVersusThievesEveryGoroutineOnce}
 * checks with {@code runnext} stealing on.
 */
public class LocalRunQueueLincheckTest {
    private static final int CAPACITY = 4;
    private static final int MAX_PUTS = 16; // more than any scenario below puts

    private final GlobalRunQueue global = new GlobalRunQueue(new SpinLock());
    private final LocalRunQueue q = new LocalRunQueue(CAPACITY);
    private final Goroutine[] gs = QueueTesting.goroutines(MAX_PUTS);
    private int puts; // owner only

    /** runqput of the next goroutine (goids 1, 2, ... in program order); true if the ring overflowed. */
    @Operation(nonParallelGroup = "owner")
    public boolean put(boolean next) {
        return q.put(gs[puts++], next, global);
    }

    /** runqget: runnext, then the ring; the goid taken, or 0. */
    @Operation(nonParallelGroup = "owner")
    public long get() {
        Goroutine g = q.get();
        return g == null ? 0 : g.goid;
    }

    /** How many goroutines went to the global queue (the owner's view of its overflows). */
    @Operation(nonParallelGroup = "owner")
    public int overflowed() {
        return global.size();
    }

    /** runqsteal into a fresh P's queue: the goids taken, in queue order (the one returned to run last). */
    @Operation
    public List<Long> steal() {
        LocalRunQueue mine = new LocalRunQueue(CAPACITY);
        int[] n = new int[1];
        Goroutine run = mine.steal(q, false, false, n);
        List<Long> taken = new ArrayList<>();
        Goroutine g;
        while ((g = mine.get()) != null) {
            taken.add(g.goid);
        }
        if (run != null) {
            taken.add(run.goid);
        }
        return taken;
    }

    @Test
    void stress() {
        new StressOptions()
                .iterations(6).invocationsPerIteration(1_000).threads(3).actorsPerThread(4)
                .actorsBefore(3).actorsAfter(2)
                .check(LocalRunQueueLincheckTest.class);
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions()
                .iterations(6).invocationsPerIteration(200).threads(3).actorsPerThread(4)
                .actorsBefore(3).actorsAfter(2)
                .check(LocalRunQueueLincheckTest.class);
    }
}
