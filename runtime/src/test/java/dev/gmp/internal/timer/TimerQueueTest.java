package dev.gmp.internal.timer;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timer heap: deadline order, removal and reset at any position, periodic timers, the pending count. */
@Timeout(30)
class TimerQueueTest {
    static final class Recording extends RuntimeTimer {
        final int id;
        final List<Integer> fired;
        final CountDownLatch latch;
        long firedWhen;

        Recording(int id, List<Integer> fired, CountDownLatch latch) {
            this.id = id;
            this.fired = fired;
            this.latch = latch;
        }

        @Override
        protected Runnable fire(long now) {
            firedWhen = when;
            fired.add(id);
            latch.countDown();
            return null;
        }
    }

    @Test
    void firesInDeadlineOrderSkippingRemovedAndHonouringResets() throws Exception {
        TimerQueue q = new TimerQueue("tq");
        try {
            int n = 2000;
            Random r = new Random(42);
            List<Integer> fired = Collections.synchronizedList(new ArrayList<>());
            List<Recording> ts = new ArrayList<>();
            long base = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            int removed = 0;
            CountDownLatch latch = new CountDownLatch(n - n / 4);
            for (int i = 0; i < n; i++) {
                Recording t = new Recording(i, fired, latch);
                ts.add(t);
                q.add(t, base + r.nextInt(50_000_000), 0);
            }
            assertEquals(n, q.pending());
            for (int i = 0; i < n; i += 4) { // remove a quarter, from anywhere in the heap
                assertTrue(q.remove(ts.get(i)));
                assertFalse(q.remove(ts.get(i)));
                removed++;
            }
            for (int i = 1; i < n; i += 4) { // move another quarter
                assertTrue(q.reset(ts.get(i), base + r.nextInt(50_000_000), 0, null));
            }
            assertEquals(n - removed, q.pending());
            long setupDone = System.nanoTime();
            assertTrue(latch.await(10, TimeUnit.SECONDS));
            assertEquals(n - removed, fired.size());
            long last = base - 1;
            for (int id : fired) {
                Recording t = ts.get(id);
                assertNotEquals(0, id % 4, "a removed timer fired");
                assertTrue(t.firedWhen - last >= 0, "out of order: " + id + " when " + t.firedWhen + " after " + last
                        + " (base " + base + ", setup done " + setupDone + ")");
                last = t.firedWhen;
            }
            Thread.sleep(20);
            assertEquals(0, q.pending());
        } finally {
            q.shutdown();
        }
    }

    /**
     * A periodic timer with a 1 ns period (golang/go src/time/tick_test.go testTimerChan resets a ticker to 1 ns)
     * is due again as soon as it has fired. With a barging lock the timer thread re-takes the lock first every time:
     * T1 (timer thread) fires, re-pushes the timer, loops; T2 (Stop) waits in lock() forever. The fair lock and the
     * hand-over after each fire let T2 in.
     */
    @Test
    void nanosecondTickerDoesNotStarveRemove() throws Exception {
        TimerQueue q = new TimerQueue("tq");
        try {
            CountDownLatch fired = new CountDownLatch(1000);
            RuntimeTimer t = new RuntimeTimer(true) {
                @Override
                protected Runnable fire(long now) {
                    fired.countDown();
                    return null;
                }
            };
            q.add(t, System.nanoTime(), 1);
            assertTrue(fired.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 100; i++) { // each call needs the lock while the timer is always due
                assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> q.reset(t, System.nanoTime(), 1, null)));
            }
            assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> q.remove(t)));
            assertEquals(0, q.size());
        } finally {
            Thread.ofPlatform().daemon().start(q::shutdown); // on failure the lock is never free: do not hang here
        }
    }

    @Test
    void periodicTimerKeepsFiringUntilRemoved() throws Exception {
        TimerQueue q = new TimerQueue("tq");
        try {
            List<Integer> fired = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch five = new CountDownLatch(5);
            Recording t = new Recording(1, fired, five);
            q.add(t, System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(2));
            assertTrue(five.await(5, TimeUnit.SECONDS));
            assertTrue(q.pending() >= 1, "a ticker stays pending");
            assertTrue(q.remove(t));
            int after = fired.size();
            Thread.sleep(20);
            assertEquals(after, fired.size());
            assertEquals(0, q.pending());
        } finally {
            q.shutdown();
        }
    }
}
