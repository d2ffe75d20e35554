package dev.gmp.conformance;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.GoPanic;
import dev.gmp.Recv;
import dev.gmp.Select;
import dev.gmp.Time;
import dev.gmp.RecvChan;
import dev.gmp.SendChan;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go test/chan: nonblock.go, select.go, select2.go, select3.go, select4.go, select6.go,
 * select7.go, doubleselect.go, fifo.go, goroutines.go, sieve1.go and sieve2.go, each as one test at GOMAXPROCS
 * 1, 2 and 4. (powser1.go and select5.go have their own classes.) Go's programs print nothing when they pass;
 * each says so beside its port, as Go 1.19 ran it here ({@code go run}).
 */
@Timeout(120)
class TestChanProgramsTest {

    // ---------------------------------------------------------------------------------------------------------
    // test/chan/nonblock.go: channel operations that test for blocking, buffered and unbuffered.

    private static void sleep() { // nonblock.go: <-ticker twice, then three Gosched
        Time.sleep(Duration.ofNanos(10_000));
        Time.sleep(Duration.ofNanos(10_000));
        Go.gosched();
        Go.gosched();
        Go.gosched();
    }

    private static final int MAX_TRIES = 10000; // nonblock.go maxTries: give the goroutine time to block

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void nonblock(int procs) {
        GoTesting.run(procs, t -> {
            Chan<Boolean> sync = Chan.make();
            for (int buffer = 0; buffer < 2; buffer++) {
                final int buf = buffer;
                Chan<Integer> c32 = Chan.make(buffer);
                Chan<Long> c64 = Chan.make(buffer);
                Chan<Boolean> cb = Chan.make(buffer);
                Chan<String> cs = Chan.make(buffer);
                if (c32.tryRecv() != null) t.fatalf("blocked i32sender");
                if (c64.tryRecv() != null) t.fatalf("blocked i64sender");
                if (cb.tryRecv() != null) t.fatalf("blocked bsender");
                if (cs.tryRecv() != null) t.fatalf("blocked ssender");

                checkPair(t, buf, sync, c32, 123, 234);
                checkPair(t, buf, sync, c64, 123456L, 234567L);
                checkPair(t, buf, sync, cb, true, true);
                checkPair(t, buf, sync, cs, "hello", "hello again");
            }
        });
    }

    /** One operand type of nonblock.go: a receiver goroutine then a sender goroutine, met by non-blocking ops. */
    private static <T> void checkPair(GoTesting t, int buffer, Chan<Boolean> sync, Chan<T> c, T toRecv, T toSend) {
        Go.go(() -> { // xreceiver
            if (!c.recv().equals(toRecv)) {
                t.fatalf("receiver value");
            }
            sync.send(true);
        });
        int tries = 0;
        while (!c.trySend(toRecv)) {
            if (++tries > MAX_TRIES) {
                t.fatalf("receiver buffer=%d", buffer);
            }
            sleep();
        }
        sync.recv();

        Go.go(() -> { // xsender
            c.send(toSend);
            sync.send(true);
        });
        if (buffer > 0) {
            sync.recv();
        }
        tries = 0;
        Recv<T> r;
        while ((r = c.tryRecv()) == null) {
            if (++tries > MAX_TRIES) {
                t.fatalf("sender buffer=%d", buffer);
            }
            sleep();
        }
        if (!r.ok() || !r.value().equals(toSend)) {
            t.fatalf("sender value %s", r);
        }
        if (buffer == 0) {
            sync.recv();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // test/chan/select.go: send-case expressions are all evaluated; nil cases never chosen; default breaks.

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void select(int procs) {
        GoTesting.run(procs, t -> {
            int[] counter = {0};
            int[] shift = {0};
            java.util.function.IntSupplier getValue = () -> {
                counter[0]++;
                return 1 << shift[0];
            };
            java.util.function.BiFunction<Chan<Integer>, Chan<Integer>, Integer> send = (a0, b0) -> {
                Chan<Integer> a = a0, b = b0;
                int i = 0;
                for (;;) {
                    int k = Select.make().send(a, getValue.getAsInt()).send(b, getValue.getAsInt())
                            .defaultCase().select();
                    if (k == -1) {
                        break;
                    }
                    i++;
                    if (k == 0) {
                        a = Chan.nil();
                    } else {
                        b = Chan.nil();
                    }
                    shift[0]++;
                }
                return i;
            };
            Chan<Integer> a = Chan.make(1), b = Chan.make(1);
            int v = send.apply(a, b);
            if (v != 2) t.fatalf("Send returned %d != 2", v);
            int av = a.recv(), bv = b.recv();
            if ((av | bv) != 3) t.fatalf("bad values %d %d", av, bv);
            v = send.apply(a, Chan.nil());
            if (v != 1) t.fatalf("Send returned %d != 1", v);
            if (counter[0] != 10) t.fatalf("counter is %d != 10", counter[0]);
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // test/chan/select3.go: which operations block, which panic.

    private static final String ALWAYS = "function did not";
    private static final String NEVER = "function did";

    /** testPanic: f always/never panics. */
    private static void testPanic(GoTesting t, String signal, Runnable f) {
        String s = NEVER;
        try {
            f.run();
        } catch (GoPanic e) {
            s = ALWAYS;
        }
        if (!s.equals(signal)) {
            t.fatalf("%s panic", signal);
        }
    }

    /** testBlock: f always/never blocks (0.1 s is plenty long). */
    private static void testBlock(GoTesting t, String signal, Runnable f) {
        Chan<String> c = Chan.make();
        Go.go(() -> {
            f.run();
            c.send(NEVER); // f didn't block
        });
        Go.go(() -> {
            Time.sleep(Duration.ofMillis(100));
            c.send(ALWAYS); // f blocked always
        });
        if (!c.recv().equals(signal)) {
            t.fatalf("%s block", signal);
        }
    }

    private static void unreachable() {
        throw new AssertionError("control flow shouldn't reach here");
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void select3(int procs) {
        GoTesting.runLeavingGoroutines(procs, t -> {
            final int async = 1;
            Chan<Integer> nilch = Chan.nil();
            Chan<Integer> closedch = Chan.make();
            closedch.close();

            // sending/receiving from a nil channel blocks
            testBlock(t, ALWAYS, () -> nilch.send(7));
            testBlock(t, ALWAYS, () -> nilch.recv());
            // sending/receiving from a nil channel inside a select is never selected
            testPanic(t, NEVER, () -> Select.make().send(nilch, 7, TestChanProgramsTest::unreachable).defaultCase().select());
            testPanic(t, NEVER, () -> Select.make().recv(nilch, x -> unreachable()).defaultCase().select());
            // sending to an async channel with free buffer space never blocks
            testBlock(t, NEVER, () -> Chan.<Integer>make(async).send(7));
            // receiving from a closed channel never blocks
            testBlock(t, NEVER, () -> {
                for (int i = 0; i < 10; i++) {
                    if (closedch.recv() != null) {
                        throw new AssertionError("expected zero value when reading from closed channel");
                    }
                    Recv<Integer> r = closedch.recvOk();
                    if (r.value() != null || r.ok()) {
                        throw new AssertionError("expected 0, false from closed channel");
                    }
                }
            });
            // sending to a closed channel panics.
            testPanic(t, ALWAYS, () -> closedch.send(7));
            // receiving from a non-ready channel always blocks
            testBlock(t, ALWAYS, () -> Chan.make().recv());
            // empty selects always block
            testBlock(t, ALWAYS, () -> Select.make().select());
            // selects with only nil channels always block
            testBlock(t, ALWAYS, () -> Select.make().recv(nilch, x -> unreachable()).select());
            testBlock(t, ALWAYS, () -> Select.make().send(nilch, 7, TestChanProgramsTest::unreachable).select());
            testBlock(t, ALWAYS, () -> Select.make().recv(nilch, x -> unreachable())
                    .send(nilch, 7, TestChanProgramsTest::unreachable).select());
            // selects with non-ready non-nil channels always block
            testBlock(t, ALWAYS, () -> Select.make().recv(Chan.make(), x -> unreachable()).select());
            // selects with default cases don't block
            testBlock(t, NEVER, () -> Select.make().defaultCase().select());
            testBlock(t, NEVER, () -> Select.make().recv(nilch, x -> unreachable()).defaultCase().select());
            testBlock(t, NEVER, () -> Select.make().send(nilch, 7, TestChanProgramsTest::unreachable).defaultCase().select());
            // selects with ready channels don't block
            testBlock(t, NEVER, () -> Select.make().send(Chan.make(async), 7)
                    .defaultCase(TestChanProgramsTest::unreachable).select());
            testBlock(t, NEVER, () -> {
                Chan<Integer> ch = Chan.make(async);
                ch.send(7);
                Select.make().recv(ch).defaultCase(TestChanProgramsTest::unreachable).select();
            });
            // selects with closed channels behave like ordinary operations
            testBlock(t, NEVER, () -> Select.make().recv(closedch).select());
            testBlock(t, NEVER, () -> Select.make().recv(closedch, x -> { }).select());
            testBlock(t, NEVER, () -> Select.make().recvOk(closedch, (x, ok) -> { }).select());
            testPanic(t, ALWAYS, () -> Select.make().send(closedch, 7).select());
            // select should not get confused if it sees itself
            testBlock(t, ALWAYS, () -> {
                Chan<Integer> c = Chan.make();
                Select.make().send(c, 1).recv(c).select();
            });
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // test/chan/doubleselect.go: two cases of one select must never both run.

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void doubleselect(int procs) {
        GoTesting.run(procs, t -> {
            int iterations = 20000; // Go: 100000
            Chan<Integer> c1 = Chan.make(), c2 = Chan.make(), c3 = Chan.make(), c4 = Chan.make();
            Chan<Boolean> done = Chan.make();
            Chan<Integer> cmux = Chan.make();
            Go.go(() -> { // sender
                try {
                    for (int i = 0; i < iterations; i++) {
                        Select.make().send(c1, i).send(c2, i).send(c3, i).send(c4, i).select();
                    }
                } finally {
                    c4.close();
                    c3.close();
                    c2.close();
                    c1.close();
                }
            });
            for (Chan<Integer> in : java.util.List.of(c1, c2, c3, c4)) {
                Go.go(() -> { // mux
                    for (int v : in) {
                        cmux.send(v);
                    }
                    done.send(true);
                });
            }
            Go.go(() -> {
                for (int i = 0; i < 4; i++) {
                    done.recv();
                }
                cmux.close();
            });
            Set<Integer> seen = new HashSet<>(); // recver
            for (int v : cmux) {
                if (!seen.add(v)) {
                    t.fatalf("got duplicate value: %d", v);
                }
            }
            if (seen.size() != iterations) {
                t.fatalf("got %d values, want %d", seen.size(), iterations);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // test/chan/fifo.go: buffered channels and chains of unbuffered ones deliver in order.

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void fifo(int procs) {
        GoTesting.run(procs, t -> {
            final int n = 10;
            // AsynchFifo
            Chan<Integer> ch = Chan.make(n);
            for (int i = 0; i < n; i++) ch.send(i);
            for (int i = 0; i < n; i++) {
                if (ch.recv() != i) t.fatalf("bad receive");
            }
            // SynchFifo: a daisy chain reads the elements in sequence
            Chan<Integer> sch = Chan.make();
            Chan<Integer> in = Chan.make();
            Chan<Integer> start = in;
            for (int i = 0; i < n; i++) {
                Chan<Integer> out = Chan.make();
                final int val = i;
                final Chan<Integer> cin = in;
                Go.go(() -> { // Chain
                    cin.recv();
                    int v = sch.recv();
                    if (v != val) t.fatalf("chain got %d want %d", v, val);
                    out.send(1);
                });
                in = out;
            }
            start.send(0);
            for (int i = 0; i < n; i++) sch.send(i);
            in.recv();
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // test/chan/sieve1.go: the concurrent prime sieve, a daisy chain of filter goroutines.

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void sieve(int procs) {
        GoTesting.runLeavingGoroutines(procs, t -> {
            Chan<Integer> primes = Chan.make();
            Go.go(() -> { // Sieve
                Chan<Integer> ch = Chan.make();
                Chan<Integer> gen = ch;
                Go.go(() -> { for (int i = 2; ; i++) gen.send(i); }); // Generate
                for (;;) {
                    int prime = ch.recv();
                    primes.send(prime);
                    Chan<Integer> ch1 = Chan.make();
                    Chan<Integer> in = ch;
                    Go.go(() -> { // Filter
                        for (;;) {
                            int i = in.recv();
                            if (i % prime != 0) ch1.send(i);
                        }
                    });
                    ch = ch1;
                }
            });
            int count = 0;
            for (int n = 2; count < 200; n++) {
                if (isPrime(n)) {
                    int x = primes.recv();
                    if (x != n) t.fatalf("prime %d: got %d want %d", count, x, n);
                    count++;
                }
            }
        });
    }

    private static boolean isPrime(int n) {
        for (int d = 2; d * d <= n; d++) {
            if (n % d == 0) return false;
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------
    // test/chan/sieve2.go: the Eratosthenesque sieve over odd candidates, merging the multiples of each prime
    // found (a heap of channels), fed back through a proxy goroutine whose buffer grows so the feedback never
    // blocks. Go 1.19: no output, exit status 0.

    /** sieve2.go odds: a chan of odd numbers, starting from 5. */
    private static Chan<Integer> odds() {
        Chan<Integer> out = Chan.make(50);
        Go.go(() -> {
            for (int n = 5; ; n += 2) {
                out.send(n);
            }
        });
        return out;
    }

    /** sieve2.go multiples: a chan of odd multiples of the prime p, starting from p*p. */
    private static Chan<Integer> multiples(int p) {
        Chan<Integer> out = Chan.make(10);
        Go.go(() -> {
            for (int n = p * p; ; n += 2 * p) {
                out.send(n);
            }
        });
        return out;
    }

    /** sieve2.go PeekCh: a channel and the value last received from it. */
    private static final class PeekCh {
        int head;
        final Chan<Integer> ch;

        PeekCh(int head, Chan<Integer> ch) {
            this.head = head;
            this.ch = ch;
        }
    }

    /**
     * sieve2.go sendproxy: a channel that serves as a sending proxy to {@code out}; a goroutine keeps what it
     * receives in an expanding buffer, so sending to the proxy never blocks. (Go grows a container/ring; an
     * ArrayDeque is the same expanding FIFO.) With the buffer empty, the send case is a nil channel: never chosen.
     */
    private static SendChan<Integer> sendproxy(SendChan<Integer> out) {
        Chan<Integer> proxy = Chan.make(10);
        Go.go(() -> {
            ArrayDeque<Integer> buf = new ArrayDeque<>();
            for (;;) {
                SendChan<Integer> c = buf.isEmpty() ? Chan.nil() : out; // buffer empty: disable output
                int e = buf.isEmpty() ? 0 : buf.peekFirst();
                Select.make()
                        .recv(proxy, buf::addLast)
                        .send(c, e, buf::pollFirst)
                        .select();
            }
        });
        return proxy.sendOnly();
    }

    /** sieve2.go Sieve: a chan of primes. */
    private static Chan<Integer> sieve2Primes() {
        Chan<Integer> out = Chan.make(10); // the output values
        out.send(2);
        out.send(3);
        Chan<Integer> composites = Chan.make(50); // all composites to be eliminated, in increasing order
        Chan<Integer> primes = Chan.make(10); // the feedback loop
        primes.send(3);
        // Merge channels of multiples of 'primes' into 'composites'.
        Go.go(() -> {
            PriorityQueue<PeekCh> h = new PriorityQueue<>((a, b) -> Integer.compare(a.head, b.head));
            int min = 15;
            for (;;) {
                Chan<Integer> m = multiples(primes.recv());
                int head = m.recv();
                while (min < head) {
                    composites.send(min);
                    PeekCh minchan = h.remove();
                    min = minchan.head;
                    minchan.head = minchan.ch.recv();
                    h.add(minchan);
                }
                while (min == head) {
                    PeekCh minchan = h.remove();
                    min = minchan.head;
                    minchan.head = minchan.ch.recv();
                    h.add(minchan);
                }
                composites.send(head);
                h.add(new PeekCh(m.recv(), m));
            }
        });
        // Sieve out 'composites' from 'candidates'.
        Go.go(() -> {
            // The merging goroutine receives from 'primes' much slower than this one sends to it: the proxy's
            // buffering keeps this one from blocking (and the two from deadlocking).
            SendChan<Integer> primesProxy = sendproxy(primes);
            Chan<Integer> candidates = odds();
            int p = candidates.recv();
            for (;;) {
                int c = composites.recv();
                while (p < c) {
                    primesProxy.send(p);
                    out.send(p);
                    p = candidates.recv();
                }
                if (p == c) {
                    p = candidates.recv();
                }
            }
        });
        return out;
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void sieve2(int procs) {
        GoTesting.runLeavingGoroutines(procs, t -> {
            Chan<Integer> primes = sieve2Primes();
            int[] a = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
            for (int want : a) {
                int x = primes.recv();
                if (x != want) {
                    t.fatalf("%d != %d", x, want);
                }
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // test/chan/select2.go: selects do not consume undue memory.

    private static void select2Sender(Chan<Integer> c, int n) {
        for (int i = 0; i < n; i++) {
            c.send(1);
        }
    }

    private static void select2Receiver(GoTesting t, Chan<Integer> c, Chan<Integer> dummy, int n) {
        for (int i = 0; i < n; i++) {
            Select.make().recv(c).recv(dummy, v -> t.fatalf("dummy")).select();
        }
    }

    /** The live heap: used heap right after a full collection (the least of three, as other threads allocate). */
    private static long liveHeap() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /**
     * Go's check: after a warm-up of 100,000 selects, a second 100,000 must not grow the live heap (after a
     * collection) by more than 1.1e5 bytes. A select that left its sudog queued on the never-ready channel
     * (the defect this catches) would keep 100,000 records, megabytes. Go's bound is about a byte per select;
     * here it is less than one object per select (100,000 of the smallest, 16-byte, objects): collection,
     * the JIT and the test JVM's other threads move a JVM's live heap by tens of kilobytes.
     * Go 1.19 here, select2.go with the growth printed as well, at GOMAXPROCS 1, 2 and 4:
     * {@code memstats.Alloc-alloc: -192}, {@code 320}, {@code 416}; unchanged, it prints nothing (exit status 0).
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void select2(int procs) {
        GoTesting.run(procs, t -> {
            Chan<Integer> c = Chan.make();
            Chan<Integer> dummy = Chan.make();
            // warm up
            Go.go(() -> select2Sender(c, 100000));
            select2Receiver(t, c, dummy, 100000);
            long alloc = liveHeap();
            // second time shouldn't increase footprint by much
            Go.go(() -> select2Sender(c, 100000));
            select2Receiver(t, c, dummy, 100000);
            long now = liveHeap();
            if (now > alloc && now - alloc > 100000 * 16) {
                t.fatalf("BUG: too much memory for 100,000 selects: %d", now - alloc);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // test/chan/select4.go: a select proceeds when a value is ready, and evaluates only the chosen case's
    // assignment (Go's *f() is not called). Go 1.19: no output, exit status 0.

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void select4(int procs) {
        GoTesting.run(procs, t -> {
            int[] x = {0}; // x.a
            Chan<Integer> c = Chan.make(1);
            Chan<Integer> c1 = Chan.make();
            c.send(42);
            Select.make()
                    .recv(c1, v -> t.fatalf("BUG: called f"))
                    .recv(c, v -> x[0] = v)
                    .select();
            if (x[0] != 42) {
                t.fatalf("BUG: %d", x[0]);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // test/chan/select6.go: a select must not corrupt the queues of its failed cases when it is the last of
    // several waiters on one of them; later waiters on that channel must still wake.
    // Go 1.19: no output, exit status 0.

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void select6(int procs) {
        GoTesting.run(procs, t -> {
            Chan<Boolean> c1 = Chan.make(), c2 = Chan.make(), c3 = Chan.make();
            Go.go(() -> c1.recv());
            Go.go(() -> {
                Select.make()
                        .recv(c1, v -> t.fatalf("dummy"))
                        .recv(c2, v -> c3.send(true))
                        .select();
                c1.recv();
            });
            Go.go(() -> c2.send(true));
            c3.recv();
            c1.send(true);
            c1.send(true);
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // test/chan/select7.go: select when discarding a value; each receive shape against each send shape.
    // Go 1.19: no output, exit status 0.

    private static void recv1(RecvChan<Integer> c) {
        c.recv();
    }

    private static void recv2(RecvChan<Integer> c) {
        Select.make().recv(c).select();
    }

    private static void recv3(RecvChan<Integer> c) {
        Chan<Integer> c2 = Chan.make();
        Select.make().recv(c).recv(c2).select();
    }

    private static void send1(Consumer<RecvChan<Integer>> recv) {
        Chan<Integer> c = Chan.make();
        Go.go(() -> recv.accept(c.recvOnly()));
        Go.gosched();
        c.send(1);
    }

    private static void send2(Consumer<RecvChan<Integer>> recv) {
        Chan<Integer> c = Chan.make();
        Go.go(() -> recv.accept(c.recvOnly()));
        Go.gosched();
        Select.make().send(c, 1).select();
    }

    private static void send3(Consumer<RecvChan<Integer>> recv) {
        Chan<Integer> c = Chan.make();
        Go.go(() -> recv.accept(c.recvOnly()));
        Go.gosched();
        Chan<Integer> c2 = Chan.make();
        Select.make().send(c, 1).send(c2, 1).select();
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void select7(int procs) {
        GoTesting.run(procs, t -> {
            send1(TestChanProgramsTest::recv1);
            send2(TestChanProgramsTest::recv1);
            send3(TestChanProgramsTest::recv1);
            send1(TestChanProgramsTest::recv2);
            send2(TestChanProgramsTest::recv2);
            send3(TestChanProgramsTest::recv2);
            send1(TestChanProgramsTest::recv3);
            send2(TestChanProgramsTest::recv3);
            send3(TestChanProgramsTest::recv3);
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // test/chan/goroutines.go: a torture test; 10,000 goroutines threaded together by channels, torn down
    // cleanly by one value passed from the rightmost to the leftmost. Go 1.19: no output, exit status 0.

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void goroutines(int procs) {
        GoTesting.run(procs, t -> {
            final int n = 10000;
            Chan<Integer> leftmost = Chan.make();
            Chan<Integer> right = leftmost;
            Chan<Integer> left = leftmost;
            for (int i = 0; i < n; i++) {
                right = Chan.make();
                Chan<Integer> l = left, r = right;
                Go.go(() -> l.send(r.recv())); // f: left <- <-right
                left = right;
            }
            Chan<Integer> last = right;
            Go.go(() -> last.send(1));
            if (leftmost.recv() != 1) {
                t.fatalf("leftmost received the wrong value");
            }
        });
    }
}
