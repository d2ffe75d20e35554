package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.internal.sched.GStatus;
import dev.gmp.internal.sched.Goroutine;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code g.waitsince}, stamped lazily: a park does not read the clock; the first observer of the wait stamps
 * it, later observers see the same stamp, and the next wait gets a stamp of its own (the leak sampler and
 * checkdead use the stamp as a wait's identity).
 */
class WaitSinceTest {
    @Test
    @Timeout(30)
    void aWaitIsStampedWhenFirstObservedAndEachWaitGetsItsOwnStamp() {
        try (GmpRuntime rt = GmpRuntime.builder().name("waitsince").gomaxprocs(1).leaks("off")
                .onFatal(m -> { }).build()) {
            rt.run(() -> {
                Chan<Integer> c = Chan.make();
                AtomicLong child = new AtomicLong();
                rt.go(() -> {
                    child.set(rt.goid());
                    c.recv();
                    c.recv();
                });
                Goroutine g = waitingChild(rt, child);
                long before = System.nanoTime();
                long first = g.waitSince();
                long after = System.nanoTime();
                assertTrue(first - before >= 0 && after - first >= 0,
                        "stamped by this first observation, not at the park: " + (first - before));
                assertEquals(first, g.waitSince(), "a second observer sees the same stamp");

                c.send(1);
                waitingChild(rt, child);
                long second = g.waitSince();
                assertNotEquals(first, second, "the next wait has its own stamp");
                assertTrue(second - after > 0, "and it is later");
                c.send(2);
            });
        }
    }

    /** The child goroutine, once it waits (yielding meanwhile so that it runs at GOMAXPROCS=1). */
    private static Goroutine waitingChild(GmpRuntime rt, AtomicLong goid) {
        while (true) {
            for (Goroutine g : rt.scheduler().registry().snapshot()) {
                if (g.goid() == goid.get() && g.status() == GStatus.WAITING) {
                    return g;
                }
            }
            Go.gosched();
        }
    }
}
