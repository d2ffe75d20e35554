package dev.gmp.conformance;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.Once;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go src/sync/once_test.go TestOnce and TestOncePanic, and src/sync/oncefunc_test.go
 * TestOnceFunc, TestOnceValue and their panic cases (every call re-panics with the first call's value).
 */
@Timeout(60)
class OnceTest {
    private static void run(GoTesting t, Once once, int[] o, Chan<Boolean> c) {
        once.run(() -> o[0]++);
        if (o[0] != 1) {
            t.fatalf("once failed inside run: %d is not 1", o[0]);
        }
        c.send(true);
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testOnce(int procs) {
        GoTesting.run(procs, t -> {
            int[] o = new int[1]; // a plain int: run must publish f's writes to every caller
            Once once = new Once();
            Chan<Boolean> c = Chan.make();
            for (int i = 0; i < 10; i++) {
                Go.go(() -> run(t, once, o, c));
            }
            for (int i = 0; i < 10; i++) {
                c.recv();
            }
            if (o[0] != 1) {
                t.fatalf("once failed outside run: %d is not 1", o[0]);
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void testOncePanic(int procs) {
        GoTesting.run(procs, t -> {
            Once once = new Once();
            try {
                once.run(() -> {
                    throw new IllegalStateException("failed");
                });
                t.fatalf("Once.Do did not panic");
            } catch (IllegalStateException expected) {
                // the first call's panic reaches its caller
            }
            once.run(() -> t.fatalf("Once.Do called twice"));
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testOnceFuncAndValue(int procs) {
        GoTesting.run(procs, t -> {
            AtomicInteger calls = new AtomicInteger();
            Runnable f = Once.onceFunc(calls::incrementAndGet);
            Supplier<Integer> v = Once.onceValue(() -> 10 + calls.incrementAndGet());
            Chan<Integer> got = Chan.make();
            for (int i = 0; i < 10; i++) {
                Go.go(() -> {
                    f.run();
                    got.send(v.get());
                });
            }
            int first = got.recv();
            for (int i = 1; i < 10; i++) {
                if (got.recv() != first) {
                    t.fatalf("OnceValue returned different values");
                }
            }
            if (calls.get() != 2) {
                t.fatalf("want 2 calls (one per once function), got %d", calls.get());
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void testOnceFuncPanicsEveryCall(int procs) {
        GoTesting.run(procs, t -> {
            AtomicInteger calls = new AtomicInteger();
            RuntimeException boom = new IllegalStateException("x");
            Runnable f = Once.onceFunc(() -> {
                calls.incrementAndGet();
                throw boom;
            });
            for (int i = 0; i < 3; i++) {
                try {
                    f.run();
                    t.fatalf("call %d did not panic", i);
                } catch (IllegalStateException e) {
                    if (e != boom) {
                        t.fatalf("call %d panicked with %s, want the first call's value", i, e);
                    }
                }
            }
            if (calls.get() != 1) {
                t.fatalf("f called %d times, want 1", calls.get());
            }
        });
    }
}
