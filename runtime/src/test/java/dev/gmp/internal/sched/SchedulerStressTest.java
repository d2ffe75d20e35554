package dev.gmp.internal.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.GmpRuntime;
import dev.gmp.GmpStats;
import dev.gmp.TestRuntimes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stress tests for lost wake-ups and steal races: every goroutine runs exactly once, whatever the mix of
 * runnext, local overflow, global batches and stealing. A lost wake-up shows up as a latch that never opens
 * (the await times out); a double run as a count of 2.
 */
class SchedulerStressTest {
    private static final int MILLION = 1_000_000;
    // Fresh runtimes per GOMAXPROCS in syscallHandoffsSettle: with 6, the lost P (SyscallHandoff.acquireIdleP)
    // failed every run of the test tried before the fix.
    private static final int PASSES = 6;

    /** Every goroutine ran (else: lost wake-ups), and then the scheduler comes to rest (else: a leaked spinner). */
    private static void awaitAll(CountDownLatch l, TestRuntimes t) throws InterruptedException {
        assertTrue(l.await(120, TimeUnit.SECONDS), () -> "lost goroutines: " + l.getCount() + " never ran\n"
                + t.rt.schedtrace(true).lines().limit(40).reduce("", (a, b) -> a + b + "\n"));
        assertEquals("[]", t.fatals.toString(), t.err());
        t.assertSettles();
    }

    private static void assertOnce(AtomicIntegerArray ran) {
        for (int i = 0; i < ran.length(); i++) {
            if (ran.get(i) != 1) {
                fail("goroutine #" + i + " ran " + ran.get(i) + " times");
            }
        }
    }

    /** A million goroutines spawned from a goroutine (runnext, local ring, overflow, stealing). */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4, 8})
    void millionFromGoroutineEachRunsOnce(int procs) throws Exception {
        try (TestRuntimes t = new TestRuntimes(procs)) {
            AtomicIntegerArray ran = new AtomicIntegerArray(MILLION);
            CountDownLatch done = new CountDownLatch(MILLION);
            t.rt.run(() -> {
                for (int i = 0; i < MILLION; i++) {
                    int k = i;
                    t.rt.go(() -> {
                        ran.incrementAndGet(k);
                        done.countDown();
                    });
                }
            });
            awaitAll(done, t);
            assertOnce(ran);
            GmpStats s = t.rt.stats();
            assertTrue(s.goroutines().created() >= MILLION + 1);
            if (procs > 1) {
                assertTrue(s.steals() > 0, "other Ps stole from the spawning P: " + s.processors());
            }
            assertTrue(s.runqueueOverflows() > 0, "a million spawns overflow a 256-slot ring");
        }
    }

    /** A million goroutines spawned from two platform threads (global queue + wakep) with a shrunk ring. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4, 8})
    void millionFromPlatformThreadsEachRunsOnce(int procs) throws Exception {
        try (TestRuntimes t = new TestRuntimes(GmpRuntime.builder().gomaxprocs(procs).runqCapacity(4))) {
            AtomicIntegerArray ran = new AtomicIntegerArray(MILLION);
            CountDownLatch done = new CountDownLatch(MILLION);
            Thread[] spawners = new Thread[2];
            for (int s = 0; s < spawners.length; s++) {
                int from = s * MILLION / 2;
                spawners[s] = Thread.ofPlatform().start(() -> {
                    for (int i = from; i < from + MILLION / 2; i++) {
                        int k = i;
                        t.rt.go(() -> {
                            ran.incrementAndGet(k);
                            done.countDown();
                        });
                    }
                });
            }
            for (Thread s : spawners) {
                s.join();
            }
            awaitAll(done, t);
            assertOnce(ran);
        }
    }

    /** Nested spawning: a binary tree of goroutines 16 levels deep, each node spawning two children. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void nestedSpawnTree(int procs) throws Exception {
        try (TestRuntimes t = new TestRuntimes(GmpRuntime.builder().gomaxprocs(procs).runqCapacity(16))) {
            int depth = 16;
            int nodes = (1 << (depth + 1)) - 1;
            CountDownLatch done = new CountDownLatch(nodes);
            AtomicLong sum = new AtomicLong();
            t.rt.run(() -> spawnTree(t.rt, depth, 1, done, sum));
            awaitAll(done, t);
            assertEquals((long) nodes * (nodes + 1) / 2, sum.get(), "every node ran exactly once");
        }
    }

    private static void spawnTree(GmpRuntime rt, int depth, long id, CountDownLatch done, AtomicLong sum) {
        sum.addAndGet(id);
        if (depth > 0) {
            rt.go(() -> spawnTree(rt, depth - 1, 2 * id, done, sum));
            rt.go(() -> spawnTree(rt, depth - 1, 2 * id + 1, done, sum));
        }
        done.countDown();
    }

    /**
     * Chains of wake-ups: N goroutines park; goroutine i is unparked by goroutine i-1 once i-1 itself was woken.
     * Several chains run at once so wake-ups race with stealing and with Ms going idle. A lost wake-up stops a
     * chain forever.
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4, 8})
    void chainsOfWakeups(int procs) throws Exception {
        try (TestRuntimes t = new TestRuntimes(procs)) {
            int chains = 8;
            int length = 2_000;
            int rounds = 5;
            CountDownLatch done = new CountDownLatch(chains);
            for (int c = 0; c < chains; c++) {
                Thread[] threads = new Thread[length];
                Object lock = new Object();
                CountDownLatch ready = new CountDownLatch(length);
                AtomicIntegerArray token = new AtomicIntegerArray(length);
                for (int i = 0; i < length; i++) {
                    int me = i;
                    t.rt.go(() -> {
                        threads[me] = Thread.currentThread();
                        ready.countDown();
                        for (int r = 0; r < rounds; r++) {
                            while (token.get(me) == 0) {
                                LockSupport.park(lock);
                            }
                            token.set(me, 0);
                            int next = (me + 1) % length;
                            if (me == length - 1 && r == rounds - 1) {
                                break;
                            }
                            token.set(next, 1);
                            LockSupport.unpark(threads[next]);
                        }
                    });
                }
                Thread.ofPlatform().start(() -> {
                    try {
                        ready.await();
                        for (int k = 0; k < length; k++) {
                            while (threads[k] == null) {
                                Thread.onSpinWait();
                            }
                        }
                        token.set(0, 1);
                        LockSupport.unpark(threads[0]); // first wake-up from a platform thread: global queue
                        for (Thread th : threads) {
                            th.join();
                        }
                        done.countDown();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            awaitAll(done, t);
        }
    }

    /**
     * Goroutines mixing the ways into and out of a syscall region: a short call (exitsyscall's fast path), a call
     * that spins past sysmon's tick (sysmon retakes the P and hands it off, maybe to a new spinning M), a call
     * that parks or yields inside the region (its M gives the P back at once), entersyscallblock; with random
     * yields and parks around and inside the calls, and random spin lengths around sysmon's 20 µs tick, so
     * syscall exits race with retakes, hand-offs and Ms going idle in every order. Then every P must come back
     * to the idle list: a P left owned by an idle M is lost for good (SyscallHandoff.acquireIdleP's
     * interleaving).
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4, 8})
    void syscallHandoffsSettle(int procs) throws Exception {
        for (int pass = 0; pass < PASSES; pass++) {
            try (TestRuntimes t = new TestRuntimes(procs)) {
                int n = 64;
                int rounds = 300;
                CountDownLatch done = new CountDownLatch(n);
                for (int i = 0; i < n; i++) {
                    t.rt.go(() -> {
                        try {
                            ThreadLocalRandom rnd = ThreadLocalRandom.current();
                            for (int round = 0; round < rounds; round++) {
                                int r = round;
                                int how = rnd.nextInt(7);
                                long spin = rnd.nextLong(60_000);
                                if (how == 6) { // entersyscallblock: the P is handed off at once
                                    SyscallHandoff calls = t.rt.scheduler().syscalls();
                                    if (calls.enterBlock()) {
                                        try {
                                            spinFor(spin);
                                        } finally {
                                            calls.exit();
                                        }
                                    }
                                    continue;
                                }
                                t.rt.syscall(() -> {
                                    switch (how) {
                                        case 0 -> { } // exitsyscall's fast path, unless sysmon is quicker
                                        case 1, 2 -> spinFor(spin); // blocked M: sysmon may retake the P
                                        case 3 -> LockSupport.parkNanos(rnd.nextLong(1, 50_000)); // parks inside
                                        case 4 -> Thread.yield(); // yields inside the region
                                        default -> {
                                            spinFor(spin);
                                            LockSupport.parkNanos(1);
                                        }
                                    }
                                    return r;
                                });
                                switch (rnd.nextInt(4)) {
                                    case 0 -> Thread.yield();
                                    case 1 -> LockSupport.parkNanos(rnd.nextLong(1, 20_000));
                                    default -> { }
                                }
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        } finally {
                            done.countDown();
                        }
                    });
                }
                awaitAll(done, t);
                assertEquals("[]", t.fatals.toString(), t.err());
                assertTrue(t.rt.stats().handoffsSysmon() + t.rt.stats().handoffsBlock() > 0, "Ps were handed off");
            }
        }
    }

    private static void spinFor(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
