package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.internal.sched.Goroutine;
import dev.gmp.internal.sched.WaitReasons;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's messages for misuse, wait reasons, platform-thread use, and j.u.c waits parking the goroutine. */
@Timeout(60)
class ChanSemanticsTest {
    private static GmpRuntime runtime(int procs) {
        return GmpRuntime.builder().name("sem").gomaxprocs(procs).onFatal(m -> { }).build();
    }

    private static String panicMessage(Runnable r) {
        try {
            r.run();
        } catch (GoPanic p) {
            return p.getMessage();
        }
        return "no panic";
    }

    @Test
    void misuseGivesGoMessages() {
        try (GmpRuntime rt = runtime(2)) {
            rt.run(() -> {
                Chan<Integer> c = Chan.make(1);
                c.close();
                assertEquals("send on closed channel", panicMessage(() -> c.send(1)));
                assertEquals("send on closed channel", panicMessage(() -> c.trySend(1)));
                assertEquals("close of closed channel", panicMessage(c::close));
                assertEquals("close of nil channel", panicMessage(() -> Chan.nil().close()));
                assertEquals("makechan: size out of range", panicMessage(() -> Chan.make(-1)));
                assertEquals("send on closed channel", panicMessage(() -> Select.make().send(c, 1).select()));
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                wg.done();
                assertEquals("sync: negative WaitGroup counter", panicMessage(wg::done));
                assertEquals("non-positive interval for NewTicker", panicMessage(() -> Time.newTicker(Duration.ZERO)));
            });
        }
    }

    /** A sender blocked when the channel is closed panics; a blocked receiver gets (null, false). */
    @Test
    void closeWakesBlockedSendersWithPanicAndReceiversWithZero() {
        try (GmpRuntime rt = runtime(2)) {
            rt.run(() -> {
                Chan<Integer> c = Chan.make();
                Chan<String> res = Chan.make(4);
                for (int i = 0; i < 2; i++) {
                    rt.go(() -> res.send(panicMessage(() -> c.send(1))));
                }
                Chan<Integer> d = Chan.make();
                rt.go(() -> res.send(String.valueOf(d.recvOk())));
                rt.go(() -> res.send("select " + panicMessage(() -> Select.make().send(c, 2).recv(Chan.make()).select())));
                Time.sleep(Duration.ofMillis(20));
                c.close();
                d.close();
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    got.add(res.recv());
                }
                got.sort(null);
                assertEquals(List.of("Recv[value=null, ok=false]", "select send on closed channel",
                        "send on closed channel", "send on closed channel"), got);
            });
        }
    }

    private static String reasonOf(GmpRuntime rt, long goid) {
        for (Goroutine g : rt.scheduler().registry().snapshot()) {
            if (g.goid() == goid) {
                return WaitReasons.of(g);
            }
        }
        return "gone";
    }

    /** Wait reasons as Go names them, read back from the goroutine view. */
    @Test
    void waitReasons() {
        try (GmpRuntime rt = runtime(2)) {
            rt.run(() -> {
                Chan<Integer> c = Chan.make();
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                Chan<Long> ids = Chan.make(16);
                List<Runnable> blockers = List.of(
                        c::recv,
                        () -> c.send(1),
                        // not on c: the send above may still be waiting there when this select runs
                        () -> Select.make().recv(Chan.make()).recv(Chan.make()).select(),
                        () -> Select.make().select(),
                        () -> Chan.nil().recv(),
                        () -> Chan.<Integer>nil().send(1),
                        () -> Time.sleep(Duration.ofSeconds(30)),
                        wg::await);
                List<String> want = List.of("chan receive", "chan send", "select", "select (no cases)",
                        "chan receive (nil chan)", "chan send (nil chan)", "sleep", "sync.WaitGroup.Wait");
                List<Long> goids = new ArrayList<>();
                for (Runnable b : blockers) {
                    rt.go(() -> {
                        ids.send(rt.goid());
                        b.run();
                    });
                    goids.add(ids.recv());
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                List<String> got;
                do {
                    Time.sleep(Duration.ofMillis(5));
                    got = new ArrayList<>();
                    for (long id : goids) {
                        got.add(reasonOf(rt, id));
                    }
                } while (!got.subList(2, got.size()).equals(want.subList(2, want.size()))
                        && System.nanoTime() < deadline);
                assertEquals(want.subList(2, want.size()), got.subList(2, got.size()));
                // recv and send on the same unbuffered channel met each other: both are gone
                assertEquals("gone", got.get(0));
                assertEquals("gone", got.get(1));
                wg.done();
            });
        }
    }

    @Test
    void waitReasonsOfSingleOps() {
        try (GmpRuntime rt = runtime(1)) {
            rt.run(() -> {
                Chan<Integer> a = Chan.make();
                Chan<Integer> b = Chan.make();
                Chan<Long> rid = Chan.make(1), sid = Chan.make(1);
                rt.go(() -> { rid.send(rt.goid()); a.recv(); });
                rt.go(() -> { sid.send(rt.goid()); b.send(1); });
                long r = rid.recv(), s = sid.recv();
                Time.sleep(Duration.ofMillis(10));
                assertEquals("chan receive", reasonOf(rt, r));
                assertEquals("chan send", reasonOf(rt, s));
                a.send(1);
                b.recv();
            });
        }
    }

    /** A channel works between a platform thread and goroutines; the platform thread blocks like on a lock. */
    @Test
    void platformThreadsUseChannels() throws Exception {
        try (GmpRuntime rt = runtime(2)) {
            Chan<Integer> in = Chan.make();
            Chan<Integer> out = Chan.make(1);
            rt.go(() -> {
                for (int v : in) {
                    out.send(v * 2);
                }
                out.close();
            });
            long sum = 0;
            for (int i = 0; i < 1000; i++) {
                in.send(i); // platform thread: blocks until the goroutine receives
                sum += out.recv();
            }
            in.close();
            assertNull(out.recv());
            assertEquals(999 * 1000, sum);
            // select from a platform thread, woken by a goroutine
            Chan<String> c = Chan.make();
            rt.go(() -> {
                Time.sleep(Duration.ofMillis(5));
                c.send("hi");
            });
            AtomicReference<Object> got = new AtomicReference<>();
            Select.make().recv(c, got::set).recv(Chan.make()).select();
            assertEquals("hi", got.get());
            Time.sleep(Duration.ofMillis(1)); // platform-thread sleep
        }
    }

    /**
     * java.util.concurrent locks and conditions park the goroutine, not the M: with GOMAXPROCS=1, one goroutine
     * waits on a Condition and another on a contended ReentrantLock while a third makes progress on the only P.
     */
    @Test
    void jucWaitsParkTheGoroutineNotTheM() {
        try (GmpRuntime rt = runtime(1)) {
            rt.run(() -> {
                ReentrantLock lock = new ReentrantLock();
                Condition cond = lock.newCondition();
                boolean[] ready = {false};
                Chan<Long> ids = Chan.make(2);
                Chan<Boolean> finished = Chan.make(2);
                rt.go(() -> {
                    ids.send(rt.goid());
                    lock.lock();
                    try {
                        while (!ready[0]) {
                            cond.awaitUninterruptibly();
                        }
                    } finally {
                        lock.unlock();
                    }
                    finished.send(true);
                });
                long condWaiter = ids.recv();
                Time.sleep(Duration.ofMillis(5));
                ReentrantLock held = new ReentrantLock();
                CountDownLatch holding = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Thread platform = Thread.ofPlatform().start(() -> {
                    held.lock();
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        held.unlock();
                    }
                });
                try {
                    holding.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                rt.go(() -> {
                    ids.send(rt.goid());
                    held.lock();
                    held.unlock();
                    finished.send(true);
                });
                long lockWaiter = ids.recv();
                // Progress on the only P while both are blocked.
                AtomicLong work = new AtomicLong();
                Chan<Boolean> worked = Chan.make();
                rt.go(() -> {
                    for (int i = 0; i < 1000; i++) {
                        work.incrementAndGet();
                        Go.gosched();
                    }
                    worked.send(true);
                });
                assertTrue(worked.recv());
                assertEquals(1000, work.get());
                assertEquals("sync.Cond.Wait (Condition)", reasonOf(rt, condWaiter));
                assertEquals("sync.Mutex.Lock (ReentrantLock)", reasonOf(rt, lockWaiter));
                lock.lock();
                try {
                    ready[0] = true;
                    cond.signal();
                } finally {
                    lock.unlock();
                }
                release.countDown();
                assertTrue(finished.recv());
                assertTrue(finished.recv());
                try {
                    platform.join();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                assertEquals(1, rt.stats().gomaxprocs());
            });
        }
    }

    /** Channel waits are not interruptible (Go has none), and the interrupt status survives for the caller. */
    @Test
    void interruptDoesNotEndChannelWait() {
        try (GmpRuntime rt = runtime(2)) {
            rt.run(() -> {
                Chan<Integer> c = Chan.make();
                Chan<Boolean> res = Chan.make(1);
                Thread[] th = new Thread[1];
                Chan<Boolean> started = Chan.make(1);
                rt.go(() -> {
                    th[0] = Thread.currentThread();
                    started.send(true);
                    Integer v = c.recv();
                    res.send(v == 5 && Thread.currentThread().isInterrupted());
                });
                started.recv();
                Time.sleep(Duration.ofMillis(5));
                th[0].interrupt();
                Time.sleep(Duration.ofMillis(5));
                assertNull(res.tryRecv(), "interrupt ended the wait");
                c.send(5);
                assertTrue(res.recv());
            });
        }
    }

    /** The example at the top of docs/channels.md. */
    @Test
    void docExample() {
        List<Integer> printed = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (GmpRuntime rt = runtime(2)) {
            rt.run(() -> {
                Chan<Integer> jobs = Chan.make(100), results = Chan.make(100);
                WaitGroup wg = new WaitGroup();
                for (int w = 0; w < 4; w++) {
                    wg.go(() -> { for (int j : jobs) results.send(j * j); });
                }
                for (int i = 0; i < 10; i++) jobs.send(i);
                jobs.close();
                Go.go(() -> { wg.await(); results.close(); });
                try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(10))) {
                    boolean[] more = {true};
                    while (more[0]) {
                        Select.make()
                            .recvOk(results, (v, ok) -> { if (ok) printed.add(v); else more[0] = false; })
                            .recv(ctx.done(), x -> { printed.add(-1); more[0] = false; })
                            .select();
                    }
                }
            });
        }
        printed.sort(null);
        assertEquals(List.of(0, 1, 4, 9, 16, 25, 36, 49, 64, 81), printed);
    }

    /** A ping-pong between two goroutines is handed over through runnext: both mostly run on the same M. */
    @Test
    void pingPongStaysOnOneP() {
        try (GmpRuntime rt = runtime(4)) {
            rt.run(() -> {
                Chan<Integer> ping = Chan.make(), pong = Chan.make();
                int n = 20000;
                long[] pongM = new long[n];
                rt.go(() -> {
                    for (int i = 0; i < n; i++) {
                        ping.recv();
                        pongM[i] = rt.scheduler().current().machineId();
                        pong.send(i);
                    }
                });
                int same = 0;
                for (int i = 0; i < n; i++) {
                    ping.send(i);
                    pong.recv();
                    if (rt.scheduler().current().machineId() == pongM[i]) {
                        same++;
                    }
                }
                System.out.println("ping-pong on the same M: " + same + "/" + n);
                assertTrue(same > n / 2, "ping-pong on the same M only " + same + "/" + n);
            });
        }
    }
}
