package dev.gmp.conformance;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.RecvChan;
import dev.gmp.SingleFlight;
import dev.gmp.Time;
import dev.gmp.WaitGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/sync singleflight/singleflight_test.go TestDo, TestDoErr, TestDoDupSuppress, TestForget,
 * TestDoChan, TestPanicDo and ExampleGroup (shared results), at GOMAXPROCS 1, 2 and 4. A Go panic is a Java
 * {@link Error} here (see {@link SingleFlight}).
 */
@Timeout(60)
class SingleFlightTest {
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void testDoAndDoErr(int procs) {
        GoTesting.run(procs, t -> {
            SingleFlight<Object> g = new SingleFlight<>();
            SingleFlight.Result<Object> r = g.call("key", () -> "bar");
            if (!"bar".equals(r.val()) || r.err() != null || r.shared()) {
                t.errorf("Do = %s; want bar, nil, false", r);
            }
            Exception someErr = new Exception("Some error");
            r = g.call("key", () -> {
                throw someErr;
            });
            if (r.err() != someErr) {
                t.errorf("Do error = %s; want someErr %s", r.err(), someErr);
            }
            if (r.val() != null) {
                t.errorf("unexpected non-nil value %s", r.val());
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testDoDupSuppress(int procs) {
        GoTesting.run(procs, t -> {
            SingleFlight<String> g = new SingleFlight<>();
            WaitGroup wg1 = new WaitGroup(), wg2 = new WaitGroup();
            Chan<String> c = Chan.make(1);
            AtomicInteger calls = new AtomicInteger();
            int n = 10;
            java.util.concurrent.Callable<String> fn = () -> {
                if (calls.incrementAndGet() == 1) {
                    wg1.done(); // first invocation
                }
                String v = c.recv();
                c.send(v); // pump; make available for any future calls
                Time.sleep(Duration.ofMillis(10)); // let more goroutines enter Do
                return v;
            };
            wg1.add(1);
            for (int i = 0; i < n; i++) {
                wg1.add(1);
                wg2.add(1);
                Go.go(() -> {
                    try {
                        wg1.done();
                        SingleFlight.Result<String> r = g.call("key", fn);
                        if (r.err() != null) {
                            t.errorf("Do error: %s", r.err());
                        } else if (!"bar".equals(r.val())) {
                            t.errorf("Do = %s; want bar", r.val());
                        }
                    } finally {
                        wg2.done();
                    }
                });
            }
            wg1.await();
            // At least one goroutine is in fn now and all of them have at least reached the line before the Do.
            c.send("bar");
            wg2.await();
            int got = calls.get();
            if (got <= 0 || got >= n) {
                t.errorf("number of calls = %d; want over 0 and less than %d", got, n);
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testForget(int procs) {
        GoTesting.run(procs, t -> {
            SingleFlight<Integer> g = new SingleFlight<>();
            Chan<Void> firstStarted = Chan.make(), unblockFirst = Chan.make(), firstFinished = Chan.make();
            Go.go(() -> g.call("key", () -> {
                firstStarted.close();
                unblockFirst.recv();
                firstFinished.close();
                return null;
            }));
            firstStarted.recv();
            g.forget("key");

            Chan<Void> unblockSecond = Chan.make();
            RecvChan<SingleFlight.Result<Integer>> secondResult = g.callChan("key", () -> {
                unblockSecond.recv();
                return 2;
            });
            unblockFirst.close();
            firstFinished.recv();

            RecvChan<SingleFlight.Result<Integer>> thirdResult = g.callChan("key", () -> 3);
            unblockSecond.close();
            secondResult.recv();
            SingleFlight.Result<Integer> r = thirdResult.recv();
            if (r.val() != 2) {
                t.errorf("We should receive result produced by second call, expected: 2, got %d", r.val());
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void testDoChan(int procs) {
        GoTesting.run(procs, t -> {
            SingleFlight<String> g = new SingleFlight<>();
            SingleFlight.Result<String> res = g.callChan("key", () -> "bar").recv();
            if (!"bar".equals(res.val()) || res.err() != null) {
                t.errorf("Do = %s; want bar, nil", res);
            }
        });
    }

    /** ExampleGroup: results are shared by functions executed with duplicate keys. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void exampleGroup(int procs) {
        GoTesting.run(procs, t -> {
            SingleFlight<String> g = new SingleFlight<>();
            Chan<Void> block = Chan.make();
            RecvChan<SingleFlight.Result<String>> res1c = g.callChan("key", () -> {
                block.recv();
                return "func 1";
            });
            RecvChan<SingleFlight.Result<String>> res2c = g.callChan("key", () -> {
                block.recv();
                return "func 2";
            });
            block.close();
            SingleFlight.Result<String> res1 = res1c.recv(), res2 = res2c.recv();
            if (!res2.shared() || !res1.val().equals(res2.val()) || !res1.val().equals("func 1")) {
                t.errorf("Shared: %s, Equal results: %s, Result: %s; want true, true, func 1", res2.shared(),
                        res1.val().equals(res2.val()), res1.val());
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testPanicDo(int procs) {
        GoTesting.run(procs, t -> {
            SingleFlight<Object> g = new SingleFlight<>();
            java.util.concurrent.Callable<Object> fn = () -> {
                throw new AssertionError("invalid memory address or nil pointer dereference");
            };
            int n = 5;
            AtomicInteger panicCount = new AtomicInteger();
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < n; i++) {
                wg.go(() -> {
                    try {
                        g.call("key", fn);
                    } catch (AssertionError e) {
                        panicCount.incrementAndGet();
                    }
                });
            }
            wg.await(); // Go bounds this with time.After(time.Second); a hang here is reported as a deadlock
            if (panicCount.get() != n) {
                t.errorf("Expect %d panic, but got %d", n, panicCount.get());
            }
        });
    }
}
