package dev.gmp.conformance;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.GoPanic;
import dev.gmp.Recv;
import dev.gmp.Select;
import dev.gmp.Time;
import dev.gmp.WaitGroup;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go src/runtime/chan_test.go: TestChan, TestNonblockRecvRace, TestNonblockSelectRace,
 * TestNonblockSelectRace2, TestSelfSelect, TestSelectStress, TestChanSendInterface, TestPseudoRandomSend,
 * TestMultiConsumer, TestSelectDuplicateChannel, TestSelectFairness. Iteration counts are those of Go's
 * {@code -short} mode or a little above, to keep the suite short on two cores, except TestMultiConsumer and
 * TestSelectFairness, which run Go's full size and bound; each runs at GOMAXPROCS 1, 2 and 4.
 */
@Timeout(120)
class ChanTest {
    private static final Duration MS = Duration.ofMillis(1);

    /** TestChan, chanCap 0..199 (Go: N=200, short 20). */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testChan(int procs) {
        GoTesting.run(procs, t -> {
            int n = 200; // Go: 200 (short: 20)
            for (int chanCap = 0; chanCap < n; chanCap++) {
                final int cap = chanCap;
                {
                    // Ensure that receive from empty chan blocks.
                    Chan<Integer> c = Chan.make(cap);
                    AtomicBoolean recv1 = new AtomicBoolean(), recv2 = new AtomicBoolean();
                    Go.go(() -> { c.recv(); recv1.set(true); });
                    Go.go(() -> { c.recvOk(); recv2.set(true); });
                    Time.sleep(MS);
                    if (recv1.get() || recv2.get()) {
                        t.fatalf("chan[%d]: receive from empty chan", cap);
                    }
                    // Ensure that non-blocking receive does not block.
                    if (Select.make().recv(c).defaultCase().select() != -1) {
                        t.fatalf("chan[%d]: receive from empty chan", cap);
                    }
                    if (c.tryRecv() != null) {
                        t.fatalf("chan[%d]: receive from empty chan", cap);
                    }
                    c.send(0);
                    c.send(0);
                }
                {
                    // Ensure that send to full chan blocks.
                    Chan<Integer> c = Chan.make(cap);
                    for (int i = 0; i < cap; i++) {
                        c.send(i);
                    }
                    AtomicInteger sent = new AtomicInteger();
                    Go.go(() -> { c.send(0); sent.set(1); });
                    Time.sleep(MS);
                    if (sent.get() != 0) {
                        t.fatalf("chan[%d]: send to full chan", cap);
                    }
                    // Ensure that non-blocking send does not block.
                    if (Select.make().send(c, 0).defaultCase().select() != -1) {
                        t.fatalf("chan[%d]: send to full chan", cap);
                    }
                    c.recv();
                }
                {
                    // Ensure that we receive 0 from closed chan.
                    Chan<Integer> c = Chan.make(cap);
                    for (int i = 0; i < cap; i++) {
                        c.send(i);
                    }
                    c.close();
                    for (int i = 0; i < cap; i++) {
                        Integer v = c.recv();
                        if (v != i) {
                            t.fatalf("chan[%d]: received %s, expected %d", cap, v, i);
                        }
                    }
                    if (c.recv() != null) {
                        t.fatalf("chan[%d]: received non-zero from closed chan", cap);
                    }
                    Recv<Integer> r = c.recvOk();
                    if (r.value() != null || r.ok()) {
                        t.fatalf("chan[%d]: received %s, expected zero/false", cap, r);
                    }
                }
                {
                    // Ensure that close unblocks receive.
                    Chan<Integer> c = Chan.make(cap);
                    Chan<Boolean> done = Chan.make();
                    Go.go(() -> {
                        Recv<Integer> r = c.recvOk();
                        done.send(r.value() == null && !r.ok());
                    });
                    Time.sleep(MS);
                    c.close();
                    if (!done.recv()) {
                        t.fatalf("chan[%d]: received non zero from closed chan", cap);
                    }
                }
                {
                    // Send 100 integers, ensure that we receive them non-corrupted in FIFO order.
                    Chan<Integer> c = Chan.make(cap);
                    Go.go(() -> { for (int i = 0; i < 100; i++) c.send(i); });
                    for (int i = 0; i < 100; i++) {
                        int v = c.recv();
                        if (v != i) {
                            t.fatalf("chan[%d]: received %d, expected %d", cap, v, i);
                        }
                    }
                    // Same, but using recv2.
                    Go.go(() -> { for (int i = 0; i < 100; i++) c.send(i); });
                    for (int i = 0; i < 100; i++) {
                        Recv<Integer> r = c.recvOk();
                        if (!r.ok()) {
                            t.fatalf("chan[%d]: receive failed, expected %d", cap, i);
                        }
                        if (r.value() != i) {
                            t.fatalf("chan[%d]: received %d, expected %d", cap, r.value(), i);
                        }
                    }
                    // Send 1000 integers in 4 goroutines, ensure that we receive what we send.
                    final int P = 4, L = 1000;
                    for (int p = 0; p < P; p++) {
                        Go.go(() -> { for (int i = 0; i < L; i++) c.send(i); });
                    }
                    Chan<Map<Integer, Integer>> done = Chan.make();
                    for (int p = 0; p < P; p++) {
                        Go.go(() -> {
                            Map<Integer, Integer> recv = new HashMap<>();
                            for (int i = 0; i < L; i++) {
                                recv.merge(c.recv(), 1, Integer::sum);
                            }
                            done.send(recv);
                        });
                    }
                    Map<Integer, Integer> recv = new HashMap<>();
                    for (int p = 0; p < P; p++) {
                        done.recv().forEach((k, v) -> recv.merge(k, v, Integer::sum));
                    }
                    if (recv.size() != L) {
                        t.fatalf("chan[%d]: received %d values, expected %d", cap, recv.size(), L);
                    }
                    for (int v : recv.values()) {
                        if (v != P) {
                            t.fatalf("chan[%d]: received %d values, expected %d", cap, v, P);
                        }
                    }
                }
                {
                    // Test len/cap.
                    Chan<Integer> c = Chan.make(cap);
                    if (c.len() != 0 || c.cap() != cap) {
                        t.fatalf("chan[%d]: bad len/cap, expect %d/%d, got %d/%d", cap, 0, cap, c.len(), c.cap());
                    }
                    for (int i = 0; i < cap; i++) {
                        c.send(i);
                    }
                    if (c.len() != cap || c.cap() != cap) {
                        t.fatalf("chan[%d]: bad len/cap, expect %d/%d, got %d/%d", cap, cap, cap, c.len(), c.cap());
                    }
                }
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testNonblockRecvRace(int procs) {
        GoTesting.run(procs, t -> {
            for (int i = 0; i < 2000; i++) {
                Chan<Integer> c = Chan.make(1);
                c.send(1);
                Go.go(() -> {
                    if (Select.make().recv(c).defaultCase().select() == -1) {
                        t.fatalf("chan is not ready");
                    }
                });
                c.close();
                c.recv();
            }
        });
    }

    /**
     * TestNonblockSelectRace: select acts on the state of the channels at one moment, not over a smeared window.
     * From the goroutine's creation on, at least one of c1, c2 is ready, so the default case must never run.
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testNonblockSelectRace(int procs) {
        GoTesting.run(procs, t -> nonblockSelectRace(t, false));
    }

    /** TestNonblockSelectRace2: same, but close(c2) replaces c2 <- 1. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testNonblockSelectRace2(int procs) {
        GoTesting.run(procs, t -> nonblockSelectRace(t, true));
    }

    private static void nonblockSelectRace(GoTesting t, boolean close) {
        int n = 5000;
        Chan<Boolean> done = Chan.make(1);
        for (int i = 0; i < n; i++) {
            Chan<Integer> c1 = Chan.make(1);
            Chan<Integer> c2 = close ? Chan.make() : Chan.make(1);
            c1.send(1);
            Go.go(() -> {
                int k = Select.make().recv(c1).recv(c2).defaultCase().select();
                done.send(k != -1);
            });
            if (close) {
                c2.close();
            } else {
                c2.send(1);
            }
            Select.make().recv(c1).defaultCase().select();
            if (!done.recv()) {
                t.fatalf("no chan is ready");
            }
        }
    }

    /** TestSelfSelect: send/recv on the same chan in one select neither crashes nor deadlocks nor self-receives. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testSelfSelect(int procs) {
        GoTesting.run(procs, t -> {
            for (int chanCap : new int[] {0, 10}) {
                WaitGroup wg = new WaitGroup();
                wg.add(2);
                Chan<Integer> c = Chan.make(chanCap);
                for (int p = 0; p < 2; p++) {
                    final int pp = p;
                    Go.go(() -> {
                        try {
                            for (int i = 0; i < 1000; i++) {
                                Select s = Select.make();
                                if (pp == 0 || i % 2 == 0) {
                                    s.send(c, pp).recv(c);
                                } else {
                                    s.recv(c).send(c, pp);
                                }
                                s.select();
                                if (s.ok() && chanCap == 0 && (Integer) s.received() == pp) {
                                    t.fatalf("self receive");
                                }
                            }
                        } finally {
                            wg.done();
                        }
                    });
                }
                wg.await();
            }
        });
    }

    /**
     * TestSelectStress: 4 senders and 4 receivers on 4 channels (caps 0, 0, 2, 3), plus one goroutine sending on
     * all of them in a single select and one receiving from all of them in a single select, nil-ing each channel
     * out of its select after N operations. Must not deadlock. (Go: N=1e5, short 1e4.)
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testSelectStress(int procs) {
        GoTesting.run(procs, t -> {
            @SuppressWarnings("unchecked")
            Chan<Integer>[] c = new Chan[] {Chan.make(), Chan.make(), Chan.make(2), Chan.make(3)};
            final int N = 10_000;
            WaitGroup wg = new WaitGroup();
            wg.add(10);
            for (int k = 0; k < 4; k++) {
                final int kk = k;
                Go.go(() -> { for (int i = 0; i < N; i++) c[kk].send(0); wg.done(); });
                Go.go(() -> { for (int i = 0; i < N; i++) c[kk].recv(); wg.done(); });
            }
            Go.go(() -> {
                int[] n = new int[4];
                Chan<Integer>[] c1 = c.clone();
                for (int i = 0; i < 4 * N; i++) {
                    int k = Select.make().send(c1[3], 0).send(c1[2], 0).send(c1[0], 0).send(c1[1], 0).select();
                    int ch = new int[] {3, 2, 0, 1}[k];
                    if (++n[ch] == N) {
                        c1[ch] = Chan.nil();
                    }
                }
                wg.done();
            });
            Go.go(() -> {
                int[] n = new int[4];
                Chan<Integer>[] c1 = c.clone();
                for (int i = 0; i < 4 * N; i++) {
                    int k = Select.make().recv(c1[0]).recv(c1[1]).recv(c1[2]).recv(c1[3]).select();
                    if (++n[k] == N) {
                        c1[k] = Chan.nil();
                    }
                }
                wg.done();
            });
            wg.await();
        });
    }

    /** TestChanSendInterface: selects with several ready-or-not send cases of the same value. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testChanSendInterface(int procs) {
        GoTesting.run(procs, t -> {
            Object m = new Object();
            Chan<Object> c = Chan.make(1);
            c.send(m);
            if (Select.make().send(c, m).defaultCase().select() != -1) {
                t.fatalf("send to full chan");
            }
            if (Select.make().send(c, m).send(c, new Object()).defaultCase().select() != -1) {
                t.fatalf("send to full chan");
            }
            if (c.recv() != m) {
                t.fatalf("wrong value");
            }
        });
    }

    /** TestPseudoRandomSend: a select over two ready send cases picks both, each more than n/10 times. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testPseudoRandomSend(int procs) {
        GoTesting.run(procs, t -> {
            int n = 100;
            for (int chanCap : new int[] {0, n}) {
                Chan<Integer> c = Chan.make(chanCap);
                int[] l = new int[n];
                ReentrantLock m = new ReentrantLock();
                Chan<Boolean> finished = Chan.make();
                Go.go(() -> {
                    for (int i = 0; i < n; i++) {
                        Go.gosched();
                        l[i] = c.recv();
                    }
                    finished.send(true);
                });
                for (int i = 0; i < n; i++) {
                    Select.make().send(c, 1).send(c, 0).select();
                }
                finished.recv();
                int n0 = 0, n1 = 0;
                for (int i : l) {
                    n0 += (i + 1) % 2;
                    n1 += i;
                }
                if (n0 <= n / 10 || n1 <= n / 10) {
                    t.errorf("Want pseudorandom, got %d zeros and %d ones (chan cap %d)", n0, n1, chanCap);
                }
            }
        });
    }

    /** TestMultiConsumer at Go's size: 23 workers ranging over a queue, a feeder that closes it, sums exact. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testMultiConsumer(int procs) {
        GoTesting.run(procs, t -> {
            final int nwork = 23, niter = 271828;
            int[] pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};
            Chan<Integer> q = Chan.make(nwork * 3);
            Chan<Integer> r = Chan.make(nwork * 3);
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < nwork; i++) {
                wg.add(1);
                final int w = i;
                Go.go(() -> {
                    for (int v : q) {
                        if (pn[w % pn.length] == v) { // mess with the fifo-ish nature of range
                            Go.gosched();
                        }
                        r.send(v);
                    }
                    wg.done();
                });
            }
            long[] expect = new long[1];
            Go.go(() -> {
                for (int i = 0; i < niter; i++) {
                    int v = pn[i % pn.length];
                    expect[0] += v;
                    q.send(v);
                }
                q.close(); // no more work
                wg.await(); // workers done
                r.close(); // ... so there can be no more results
            });
            long n = 0, s = 0;
            for (int v : r) {
                n++;
                s += v;
            }
            if (n != niter || s != expect[0]) {
                t.errorf("Expected sum %d (got %d) from %d iter (saw %d)", expect[0], s, niter, n);
            }
        });
    }

    /** TestSelectDuplicateChannel: one G queued twice on the same channel must dequeue itself cleanly. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testSelectDuplicateChannel(int procs) {
        GoTesting.run(procs, t -> {
            Chan<Integer> c = Chan.make(), d = Chan.make(), e = Chan.make();
            Go.go(() -> { // goroutine A
                Select.make().recv(c).recv(c).recv(d).select();
                e.send(9);
            });
            Time.sleep(MS); // make sure goroutine A gets queued first on c
            Go.go(() -> c.recv()); // goroutine B
            Time.sleep(MS); // make sure goroutine B gets queued on c before continuing
            d.send(7); // wake up A, it dequeues itself from c
            e.recv(); // A tells us it's done
            c.send(8); // wake up B (a corrupted c.recvq would wake the already-running A instead)
        });
    }

    /**
     * TestSelectFairness: a select over two always-ready buffered channels (and two never-ready ones) must pick
     * each about half the time, within Go's bound. Go 1.19 here, the test's body as a program printing its t.Log
     * line (cnt1, cnt2, r, e) and the bound, at GOMAXPROCS 1, 2 and 4:
     * <pre>
     * 4943 5057 0.4943 0.005699999999999983 bound 0.024458380000000002 fair true
     * 4919 5081 0.4919 0.008099999999999996 bound 0.024458380000000002 fair true
     * 4940 5060 0.494 0.006000000000000005 bound 0.024458380000000002 fair true
     * </pre>
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testSelectFairness(int procs) {
        GoTesting.run(procs, t -> {
            final int trials = 10000;
            Chan<Byte> c1 = Chan.make(trials + 1), c2 = Chan.make(trials + 1);
            for (int i = 0; i < trials + 1; i++) {
                c1.send((byte) 1);
                c2.send((byte) 2);
            }
            Chan<Byte> c3 = Chan.make(), c4 = Chan.make(), out = Chan.make();
            Chan<Byte> done = Chan.make();
            WaitGroup wg = new WaitGroup();
            wg.go(() -> {
                Byte[] b = new Byte[1];
                for (;;) {
                    Select.make().recv(c3, v -> b[0] = v).recv(c4, v -> b[0] = v)
                            .recv(c1, v -> b[0] = v).recv(c2, v -> b[0] = v).select();
                    if (Select.make().send(out, b[0]).recv(done).select() == 1) {
                        return;
                    }
                }
            });
            int cnt1 = 0, cnt2 = 0;
            for (int i = 0; i < trials; i++) {
                byte b = out.recv();
                switch (b) {
                    case 1 -> cnt1++;
                    case 2 -> cnt2++;
                    default -> t.fatalf("unexpected value %d on channel", b);
                }
            }
            // If the select in the goroutine is fair, cnt1 and cnt2 should be about the same value. With 10,000
            // trials, the expected margin of error at a confidence level of six nines is 4.891676 / (2 *
            // Sqrt(10000)): |cnt1 - 5000| <= 244.
            double r = (double) cnt1 / trials;
            double e = Math.abs(r - 0.5);
            if (e > 4.891676 / (2 * Math.sqrt(trials))) {
                t.errorf("unfair select: in %d trials, results were %d, %d", trials, cnt1, cnt2);
            }
            done.close();
            wg.await();
        });
    }
}
