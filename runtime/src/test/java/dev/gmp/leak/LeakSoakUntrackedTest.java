package dev.gmp.leak;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gmp.Chan;
import dev.gmp.Context;
import dev.gmp.GmpRuntime;
import dev.gmp.LeakReport;
import dev.gmp.TestRuntimes;
import dev.gmp.Time;
import dev.gmp.WaitGroup;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Soak: many goroutines legitimately parked for a while on things that are still reachable (channels the test
 * holds, runtime and JDK timers, contexts, sockets, a ReentrantLock and a monitor held by the test, a WaitGroup)
 * while garbage churns and GCs run, both ordinary and requested ({@code checkLeaks()} every 2 s). Not one may be
 * reported as a proven leak. At the end a deliberate leak must be found, so the zero above is meaningful.
 *
 * <p>{@code -Dgmp.soak.seconds=N} (default 15) sets how long; {@code -Dgmp.soak.scale=K} multiplies the counts.
 */
@Timeout(600)
class LeakSoakUntrackedTest {
    private final Object monitor = new Object();

    private static void leakOne(GmpRuntime rt) {
        Chan<Integer> c = Chan.make();
        rt.go(c::recv);
    }

    @Test
    void legitimatelyParkedGoroutinesAreNeverProvenLeaked() throws Exception {
        assumeTrue("false".equals(System.getProperty("jdk.trackAllThreads")), "needs -Djdk.trackAllThreads=false");
        long seconds = Long.getLong("gmp.soak.seconds", 15);
        int k = Integer.getInteger("gmp.soak.scale", 1);
        Duration soak = Duration.ofSeconds(seconds);
        try (TestRuntimes t = new TestRuntimes(GmpRuntime.builder().name("soak").gomaxprocs(2));
             ServerSocket server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress())) {
            GmpRuntime rt = t.rt;
            List<Chan<Integer>> channels = new ArrayList<>();
            WaitGroup all = new WaitGroup();
            Duration wake = soak.plusSeconds(1);
            int n = 0;
            // Channels the test holds: receivers, senders, selects.
            for (int i = 0; i < 4000 * k; i++, n++) {
                Chan<Integer> c = Chan.make();
                channels.add(c);
                all.add(1);
                rt.go(i % 2 == 0 ? () -> { c.recv(); all.done(); } : () -> { c.send(1); all.done(); });
            }
            // Timers: runtime sleeps, Time.after channels nobody else holds, contexts, JDK sleeps.
            for (int i = 0; i < 1000 * k; i++, n += 4) {
                all.add(4);
                rt.go(() -> { Time.sleep(wake); all.done(); });
                rt.go(() -> { Time.after(wake).recv(); all.done(); });
                rt.go(() -> {
                    try (var ctx = Context.withTimeout(Context.background(), wake)) {
                        ctx.done().recv();
                    }
                    all.done();
                });
                rt.go(() -> {
                    try {
                        Thread.sleep(wake);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    all.done();
                });
            }
            // A lock and a monitor the test holds; a WaitGroup the test will release.
            ReentrantLock lock = new ReentrantLock();
            lock.lock();
            WaitGroup gate = new WaitGroup();
            gate.add(1);
            synchronized (monitor) {
                for (int i = 0; i < 500 * k; i++, n += 3) {
                    all.add(3);
                    rt.go(() -> { lock.lock(); lock.unlock(); all.done(); });
                    rt.go(() -> { synchronized (monitor) { all.done(); } });
                    rt.go(() -> { gate.await(); all.done(); });
                }
            }
            // Hold the monitor from another platform thread for the whole soak (this one goes on to check).
            Object[] monitorHeld = new Object[1];
            Thread holder = new Thread(() -> {
                synchronized (monitor) {
                    synchronized (monitorHeld) {
                        monitorHeld[0] = Boolean.TRUE;
                        monitorHeld.notifyAll();
                    }
                    try {
                        Thread.sleep(soak.toMillis());
                    } catch (InterruptedException ignored) {
                        // end early
                    }
                }
            });
            // (the goroutines above may already have entered and left the monitor before the holder: fine)
            holder.start();
            // Sockets: goroutines blocked reading connections that stay open and silent.
            List<Socket> accepted = new ArrayList<>();
            int sockets = 200 * k;
            for (int i = 0; i < sockets; i++, n++) {
                all.add(1);
                rt.go(() -> {
                    try (Socket s = new Socket(server.getInetAddress(), server.getLocalPort());
                         InputStream in = s.getInputStream()) {
                        in.read(); // IO wait until the test closes its end
                    } catch (java.io.IOException e) {
                        // closed by the test: done
                    }
                    all.done();
                });
            }
            for (int i = 0; i < sockets; i++) {
                accepted.add(server.accept());
            }
            long gcBefore = gcCount();
            long start = System.nanoTime();
            long deadline = start + soak.toNanos();
            int checks = 0;
            int maxParked = 0;
            List<byte[]> garbage = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 2000; i++) { // churn, so ordinary GCs run too
                    garbage.add(new byte[1024]);
                    if (garbage.size() > 20_000) {
                        garbage.clear();
                    }
                }
                Thread.sleep(50);
                if ((System.nanoTime() - start) / 2_000_000_000L >= checks) {
                    LeakReport r = rt.checkLeaks();
                    checks++;
                    assertEquals(0, r.provenTotal(), "false positive:\n" + r + "\n" + t.err());
                    maxParked = Math.max(maxParked, rt.numGoroutine());
                }
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            long gcs = gcCount() - gcBefore;
            LeakReport r = rt.checkLeaks();
            assertEquals(0, r.provenTotal(), "false positive:\n" + r + "\n" + t.err());
            assertTrue(r.provenDetection(), r.provenNote());
            // Release everything; every goroutine must finish.
            for (int i = 0; i < channels.size(); i++) {
                Chan<Integer> c = channels.get(i);
                if (i % 2 == 0) {
                    c.send(1);
                } else {
                    c.recv();
                }
            }
            lock.unlock();
            gate.done();
            holder.interrupt();
            holder.join();
            for (Socket s : accepted) {
                s.close();
            }
            TestRuntimes.assertNoGoroutinesLeft(rt, Duration.ofSeconds(30));
            // The control: detection was live all along.
            leakOne(rt);
            long until = System.nanoTime() + 10_000_000_000L;
            while (rt.numGoroutine() > 0 && rt.goroutines().stream().noneMatch(g -> g.state().equals("waiting"))) {
                assertTrue(System.nanoTime() < until);
                Thread.sleep(5);
            }
            Thread.sleep(20);
            assertEquals(1, rt.checkLeaks().provenTotal(), t.err());
            System.out.printf("soak: %d goroutines parked (peak %d live) for %d ms on channels, timers, contexts, "
                    + "sockets, locks and a monitor; %d GCs (%d requested by checks); proven leaks: 0; control "
                    + "leak found: 1%n", n, maxParked, elapsedMs, gcs, checks + 1);
        }
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
        }
        return n;
    }
}
