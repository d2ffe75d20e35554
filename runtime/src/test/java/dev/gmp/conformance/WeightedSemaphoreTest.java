package dev.gmp.conformance;

import dev.gmp.CancelContext;
import dev.gmp.Chan;
import dev.gmp.Context;
import dev.gmp.ContextError;
import dev.gmp.ErrGroup;
import dev.gmp.Go;
import dev.gmp.GoPanic;
import dev.gmp.Time;
import dev.gmp.WaitGroup;
import dev.gmp.WeightedSemaphore;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/sync semaphore/semaphore_test.go TestWeighted (HammerWeighted), TestWeightedPanic,
 * TestWeightedTryAcquire, TestWeightedAcquire, TestWeightedDoesntBlockIfTooBig, TestLargeAcquireDoesntStarve,
 * TestAllocCancelDoesntStarve and TestWeightedAcquireCanceled, at GOMAXPROCS 1, 2 and 4.
 */
@Timeout(120)
class WeightedSemaphoreTest {
    private static final long MAX_SLEEP_NANOS = 1_000_000;

    private static void hammerWeighted(WeightedSemaphore sem, long n, int loops) {
        for (int i = 0; i < loops; i++) {
            sem.acquire(Context.background(), n);
            Time.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(MAX_SLEEP_NANOS)));
            sem.release(n);
        }
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWeighted(int procs) {
        GoTesting.run(procs, t -> {
            int n = Go.gomaxprocs(0);
            WeightedSemaphore sem = new WeightedSemaphore(n);
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < n; i++) {
                long weight = i;
                wg.go(() -> hammerWeighted(sem, weight, 1000));
            }
            wg.await();
            if (!sem.tryAcquire(n)) {
                t.fatalf("weight leaked: TryAcquire(%d) failed after every hammer released", n);
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1})
    void testWeightedPanic(int procs) {
        GoTesting.run(procs, t -> {
            try {
                new WeightedSemaphore(1).release(1);
                t.fatalf("release of an unacquired weighted semaphore did not panic");
            } catch (GoPanic e) {
                if (!e.getMessage().equals("semaphore: released more than held")) {
                    t.fatalf("panic %s", e.getMessage());
                }
            }
        });
    }

    /** The sequence both tests run, with TryAcquire or with an Acquire under a 10 ms timeout. */
    private static void checkTries(GoTesting t, WeightedSemaphore sem, LongPredicate tryAcquire) {
        Context ctx = Context.background();
        boolean[] tries = new boolean[4];
        sem.acquire(ctx, 1);
        tries[0] = tryAcquire.test(1);
        tries[1] = tryAcquire.test(1);
        sem.release(2);
        tries[2] = tryAcquire.test(1);
        sem.acquire(ctx, 1);
        tries[3] = tryAcquire.test(1);
        boolean[] want = {true, false, true, false};
        for (int i = 0; i < tries.length; i++) {
            if (tries[i] != want[i]) {
                t.errorf("tries[%d]: got %s, want %s", i, tries[i], want[i]);
            }
        }
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void testWeightedTryAcquire(int procs) {
        GoTesting.run(procs, t -> {
            WeightedSemaphore sem = new WeightedSemaphore(2);
            checkTries(t, sem, sem::tryAcquire);
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void testWeightedAcquire(int procs) {
        GoTesting.run(procs, t -> {
            WeightedSemaphore sem = new WeightedSemaphore(2);
            checkTries(t, sem, n -> {
                try (CancelContext c = Context.withTimeout(Context.background(), Duration.ofMillis(10))) {
                    return sem.acquire(c, n) == null;
                }
            });
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWeightedDoesntBlockIfTooBig(int procs) {
        GoTesting.run(procs, t -> {
            int n = 2;
            WeightedSemaphore sem = new WeightedSemaphore(n);
            CancelContext big = Context.withCancel(Context.background());
            Chan<Boolean> bigDone = Chan.make(1);
            Go.go(() -> {
                sem.acquire(big, n + 1);
                bigDone.send(true);
            });
            ErrGroup g = ErrGroup.withContext(Context.background());
            for (int i = n * 3; i > 0; i--) {
                g.go(() -> {
                    ContextError err = sem.acquire(g.context(), 1);
                    if (err == null) {
                        Time.sleep(Duration.ofMillis(1));
                        sem.release(1);
                    }
                    if (err != null) {
                        throw err;
                    }
                });
            }
            if (g.await() != null) {
                t.errorf("NewWeighted(%d) failed to AcquireCtx(_, 1) with AcquireCtx(_, %d) pending", n, n + 1);
            }
            big.cancel(); // Go's deferred cancel: lets the doomed Acquire return
            bigDone.recv();
        });
    }

    /** Times out (by deadlock report or the JUnit timeout) if a large Acquire starves. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testLargeAcquireDoesntStarve(int procs) {
        GoTesting.run(procs, t -> {
            Context ctx = Context.background();
            long n = Go.gomaxprocs(0);
            WeightedSemaphore sem = new WeightedSemaphore(n);
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            WaitGroup wg = new WaitGroup();
            for (long i = n; i > 0; i--) {
                sem.acquire(ctx, 1);
                wg.go(() -> {
                    try {
                        while (running.get()) {
                            Time.sleep(Duration.ofMillis(1));
                            sem.release(1);
                            sem.acquire(ctx, 1);
                        }
                    } finally {
                        sem.release(1);
                    }
                });
            }
            sem.acquire(ctx, n);
            running.set(false);
            sem.release(n);
            wg.await();
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testAllocCancelDoesntStarve(int procs) {
        GoTesting.run(procs, t -> {
            WeightedSemaphore sem = new WeightedSemaphore(10);
            // Block off a portion of the semaphore so that Acquire(_, 10) can eventually succeed.
            sem.acquire(Context.background(), 1);
            CancelContext ctx = Context.withCancel(Context.background());
            Chan<Boolean> bigDone = Chan.make(1);
            Go.go(() -> {
                if (sem.acquire(ctx, 10) == null) {
                    sem.release(10);
                }
                bigDone.send(true);
            });
            // Wait until the Acquire(_, 10) call blocks.
            while (sem.tryAcquire(1)) {
                sem.release(1);
                Go.gosched();
            }
            // Now try to take a unit, and at the same time unblock the Acquire(_, 10): both must return.
            Go.go(ctx::cancel);
            ContextError err = sem.acquire(Context.background(), 1);
            if (err != null) {
                t.fatalf("Acquire(_, 1) failed unexpectedly: %s", err);
            }
            sem.release(1);
            bigDone.recv();
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWeightedAcquireCanceled(int procs) {
        GoTesting.run(procs, t -> {
            WeightedSemaphore sem = new WeightedSemaphore(2);
            CancelContext ctx = Context.withCancel(Context.background());
            sem.acquire(Context.background(), 1);
            Chan<Void> ch = Chan.make();
            Go.go(() -> {
                // Synchronize with the Acquire(2) below.
                while (sem.tryAcquire(1)) {
                    sem.release(1);
                    Go.gosched();
                }
                // Now cancel ctx, and then release the token.
                ctx.cancel();
                sem.release(1);
                ch.close();
            });
            // The context is done before enough tokens are available: this Acquire must fail.
            ContextError err = sem.acquire(ctx, 2);
            if (err != Context.CANCELED) {
                t.fatalf("Acquire with canceled context returned wrong error: want context.Canceled, got %s", err);
            }
            // There must always be two tokens after the other goroutine releases the one we held at the start.
            ch.recv();
            if (!sem.tryAcquire(2)) {
                t.fatalf("TryAcquire after canceled Acquire failed");
            }
            // And no acquire with a done context, even when it would not need to block.
            sem.release(2);
            if (sem.acquire(ctx, 1) != Context.CANCELED) {
                t.fatalf("Acquire with canceled context succeeded");
            }
        });
    }
}
