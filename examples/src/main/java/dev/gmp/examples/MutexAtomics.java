package dev.gmp.examples;

import dev.gmp.Go;
import dev.gmp.WaitGroup;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Data races, mutexes and atomics. 100 goroutines each add 1 to a shared counter 20,000 times, four ways: a
 * plain read-modify-write (a data race: Go's race detector would flag it), a mutex ({@code ReentrantLock},
 * Go's {@code sync.Mutex}), a {@code synchronized} block, and an atomic add ({@code sync/atomic}). Watch: the
 * racy count comes up short whenever two Ps really run at once (updates lost), the three others are exact,
 * and the atomic is the cheapest. A goroutine waiting for a contended lock parks; its M runs other goroutines.
 */
public final class MutexAtomics implements Example {
    static final int GOROUTINES = 100;
    static final int ADDS = 20_000;

    @Override
    public String name() {
        return "mutex";
    }

    @Override
    public String summary() {
        return "a racy counter loses updates; mutex, synchronized and atomic do not";
    }

    private static final class Counter {
        volatile long racy; // deliberately updated with a non-atomic ++
        long locked;        // guarded by lock
        long monitor;       // guarded by this
        final ReentrantLock lock = new ReentrantLock();
        final AtomicLong atomic = new AtomicLong();
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("100 goroutines x 20,000 increments = 2,000,000 expected, done four ways. counter++ is a\n"
                + "read, an add and a write: two goroutines on two Ps can interleave and lose updates (with\n"
                + "GOMAXPROCS=1 they cannot, goroutines switch only at calls into the runtime).");
        Counter c = new Counter();
        long expected = (long) GOROUTINES * ADDS;
        long[] ms = new long[4];
        ms[0] = timed(() -> c.racy++);
        ms[1] = timed(() -> {
            c.lock.lock();
            try {
                c.locked++;
            } finally {
                c.lock.unlock();
            }
        });
        ms[2] = timed(() -> {
            synchronized (c) {
                c.monitor++;
            }
        });
        ms[3] = timed(c.atomic::incrementAndGet);
        out.out().printf("   %-28s %12s %12s %8s%n", "way", "count", "lost", "ms");
        row(out, "counter++ (data race)", c.racy, expected, ms[0]);
        row(out, "ReentrantLock (sync.Mutex)", c.locked, expected, ms[1]);
        row(out, "synchronized", c.monitor, expected, ms[2]);
        row(out, "AtomicLong (sync/atomic)", c.atomic.get(), expected, ms[3]);
        return String.format("racy lost %,d of %,d; lock, monitor, atomic exact", expected - c.racy, expected);
    }

    private static void row(Narrator out, String way, long count, long expected, long ms) {
        out.out().printf("   %-28s %,12d %,12d %8d%n", way, count, expected - count, ms);
    }

    /** Runs GOROUTINES goroutines that each call {@code add} ADDS times; returns the wall time in ms. */
    private static long timed(Runnable add) {
        long[] t = new long[1];
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            long t0 = System.nanoTime();
            for (int g = 0; g < GOROUTINES; g++) {
                wg.go(() -> {
                    for (int i = 0; i < ADDS; i++) {
                        add.run();
                    }
                });
            }
            wg.await();
            t[0] = (System.nanoTime() - t0) / 1_000_000;
        });
        return t[0];
    }
}
