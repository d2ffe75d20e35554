package dev.gmp.conformance;

import dev.gmp.Chan;
import dev.gmp.Context;
import dev.gmp.ErrGroup;
import dev.gmp.Go;
import dev.gmp.GoPanic;
import dev.gmp.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/sync errgroup/errgroup_test.go TestZeroGroup, TestWithContext, TestTryGo, TestGoLimit,
 * TestCancelCause and ExampleGroup_parallel, plus SetLimit's panic while goroutines are active, at GOMAXPROCS
 * 1, 2 and 4.
 */
@Timeout(60)
class ErrGroupTest {
    private static final Exception ERR1 = new Exception("errgroup_test: 1");
    private static final Exception ERR2 = new Exception("errgroup_test: 2");
    private static final Exception DOOM = new Exception("group_test: doomed");

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testZeroGroup(int procs) {
        List<List<Exception>> cases = List.of(List.of(), Arrays.asList((Exception) null), List.of(ERR1),
                Arrays.asList(ERR1, null), Arrays.asList(ERR1, null, ERR2));
        GoTesting.run(procs, t -> {
            for (List<Exception> errs : cases) {
                ErrGroup g = new ErrGroup();
                Exception firstErr = null;
                for (int i = 0; i < errs.size(); i++) {
                    Exception err = errs.get(i);
                    g.go(() -> {
                        if (err != null) {
                            throw err;
                        }
                    });
                    if (firstErr == null && err != null) {
                        firstErr = err;
                    }
                    Exception gErr = g.await();
                    if (gErr != firstErr) {
                        t.errorf("after Go(return err) for err in %s: Wait() = %s; want %s", errs.subList(0, i + 1),
                                gErr, firstErr);
                    }
                }
            }
        });
    }

    private static final List<List<Exception>> CONTEXT_CASES = List.of(List.of(), Arrays.asList((Exception) null),
            List.of(DOOM), Arrays.asList(DOOM, null));

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWithContext(int procs) {
        GoTesting.run(procs, t -> {
            for (List<Exception> errs : CONTEXT_CASES) {
                Exception want = errs.isEmpty() ? null : errs.get(0);
                ErrGroup g = ErrGroup.withContext(Context.background());
                Context ctx = g.context();
                for (Exception err : errs) {
                    g.go(() -> {
                        if (err != null) {
                            throw err;
                        }
                    });
                }
                Exception err = g.await();
                if (err != want) {
                    t.errorf("for errs %s: Wait() = %s; want %s", errs, err, want);
                }
                if (ctx.done().tryRecv() == null) {
                    t.errorf("for errs %s: ctx.Done() was not closed", errs);
                }
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testCancelCause(int procs) {
        GoTesting.run(procs, t -> {
            for (List<Exception> errs : CONTEXT_CASES) {
                Exception want = errs.isEmpty() ? null : errs.get(0);
                ErrGroup g = ErrGroup.withContext(Context.background());
                for (Exception err : errs) {
                    g.tryGo(() -> {
                        if (err != null) {
                            throw err;
                        }
                    });
                }
                Exception err = g.await();
                if (err != want) {
                    t.errorf("for errs %s: Wait() = %s; want %s", errs, err, want);
                }
                Throwable wantCause = want == null ? Context.CANCELED : want;
                if (Context.cause(g.context()) != wantCause) {
                    t.errorf("for errs %s: Cause(ctx) = %s; want %s", errs, Context.cause(g.context()), wantCause);
                }
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testTryGo(int procs) {
        GoTesting.run(procs, t -> {
            ErrGroup g = new ErrGroup();
            int n = 42;
            g.setLimit(42);
            Chan<Boolean> ch = Chan.make();
            ErrGroup.Task fn = () -> ch.send(true);
            for (int i = 0; i < n; i++) {
                if (!g.tryGo(fn)) {
                    t.fatalf("TryGo should succeed but got fail at %d-th call.", i);
                }
            }
            if (g.tryGo(fn)) {
                t.fatalf("TryGo is expected to fail but succeeded.");
            }
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    ch.recv();
                }
            });
            g.await();

            if (!g.tryGo(fn)) {
                t.fatalf("TryGo should success but got fail after all goroutines.");
            }
            Go.go(ch::recv);
            g.await();

            // Switch limit.
            g.setLimit(1);
            if (!g.tryGo(fn)) {
                t.fatalf("TryGo should success but got failed.");
            }
            if (g.tryGo(fn)) {
                t.fatalf("TryGo should fail but succeeded.");
            }
            Go.go(ch::recv);
            g.await();

            // Block all calls.
            g.setLimit(0);
            for (int i = 0; i < 1 << 10; i++) {
                if (g.tryGo(fn)) {
                    t.fatalf("TryGo should fail but got succeded.");
                }
            }
            g.await();
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testGoLimit(int procs) {
        GoTesting.run(procs, t -> {
            int limit = 10;
            ErrGroup g = new ErrGroup();
            g.setLimit(limit);
            AtomicInteger active = new AtomicInteger();
            for (int i = 0; i <= 1 << 10; i++) {
                g.go(() -> {
                    int n = active.incrementAndGet();
                    if (n > limit) {
                        throw new Exception("saw " + n + " active goroutines; want <= " + limit);
                    }
                    Time.sleep(Duration.ofNanos(1000)); // give other goroutines a chance to increment active
                    active.decrementAndGet();
                });
            }
            Exception err = g.await();
            if (err != null) {
                t.fatalf("%s", err.getMessage());
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void setLimitWhileActivePanics(int procs) {
        GoTesting.run(procs, t -> {
            ErrGroup g = new ErrGroup();
            g.setLimit(2);
            Chan<Boolean> release = Chan.make();
            g.go(release::recv);
            try {
                g.setLimit(3);
                t.errorf("SetLimit with an active goroutine did not panic");
            } catch (GoPanic e) {
                if (!e.getMessage().equals("errgroup: modify limit while 1 goroutines in the group are still active")) {
                    t.errorf("panic %s", e.getMessage());
                }
            }
            release.send(true);
            g.await();
        });
    }

    /** ExampleGroup_parallel: "Google Search 2.0" with a derived Context; results in order. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void exampleParallel(int procs) {
        GoTesting.run(procs, t -> {
            String[] kinds = {"web", "image", "video"};
            ErrGroup g = ErrGroup.withContext(Context.background());
            String[] results = new String[kinds.length];
            for (int i = 0; i < kinds.length; i++) {
                int k = i;
                g.go(() -> {
                    if (g.context().err() != null) {
                        throw g.context().err();
                    }
                    results[k] = kinds[k] + " result for \"golang\"";
                });
            }
            if (g.await() != null) {
                t.fatalf("Wait() = %s", g.await());
            }
            List<String> got = new ArrayList<>(Arrays.asList(results));
            List<String> want = List.of("web result for \"golang\"", "image result for \"golang\"",
                    "video result for \"golang\"");
            if (!got.equals(want)) {
                t.fatalf("results %s, want %s", got, want);
            }
        });
    }
}
