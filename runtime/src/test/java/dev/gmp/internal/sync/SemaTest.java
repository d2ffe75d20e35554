package dev.gmp.internal.sync;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.TestRuntimes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go src/sync/mutex_test.go TestSemaphore (HammerSemaphore: 10 goroutines, 1000
 * acquire/release each on a semaphore of 1), with a plain counter to catch two holders at once; plus
 * runtime/sema.go's queue order (FIFO, LIFO for a waiter that already waited) and hand-off.
 */
@Timeout(60)
class SemaTest {
    private static int inside; // guarded by the semaphore under test: a plain field, so two holders are seen

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void hammerSemaphore(int procs) {
        try (TestRuntimes r = new TestRuntimes(procs)) {
            r.rt.run(() -> {
                Sema s = new Sema(new SyncHome(), "semacquire", 1);
                Chan<Boolean> cdone = Chan.make();
                int[] overlaps = new int[1];
                for (int i = 0; i < 10; i++) {
                    Go.go(() -> {
                        for (int k = 0; k < 1000; k++) {
                            s.acquire(false);
                            if (++inside != 1) {
                                overlaps[0]++;
                            }
                            inside--;
                            s.release(k % 2 == 0); // both release flavours
                        }
                        cdone.send(true);
                    });
                }
                for (int i = 0; i < 10; i++) {
                    cdone.recv();
                }
                assertEquals(0, overlaps[0], "two holders of a semaphore of 1");
                assertEquals(0, s.queued());
            });
        }
    }

    /** Waiters are woken in arrival order; one queued with lifo goes first (a mutex waiter that lost a race). */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void queueOrder(int procs) {
        try (TestRuntimes r = new TestRuntimes(procs)) {
            r.rt.run(() -> {
                Sema s = new Sema(new SyncHome(), "semacquire", 0);
                List<Integer> order = Collections.synchronizedList(new ArrayList<>());
                Chan<Boolean> done = Chan.make(4);
                for (int i = 0; i < 4; i++) {
                    int id = i;
                    boolean lifo = i == 3;
                    Go.go(() -> {
                        s.acquire(lifo);
                        order.add(id);
                        done.send(true);
                    });
                    while (s.queued() != i + 1) { // queued in this order
                        Go.gosched();
                    }
                }
                for (int i = 0; i < 4; i++) {
                    s.release(true); // hand-off: the unit is the woken waiter's, whoever runs first
                    done.recv();
                }
                assertEquals(List.of(3, 0, 1, 2), order);
            });
        }
    }
}
