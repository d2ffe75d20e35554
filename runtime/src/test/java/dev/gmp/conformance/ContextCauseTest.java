package dev.gmp.conformance;

import dev.gmp.CancelCauseContext;
import dev.gmp.CancelContext;
import dev.gmp.Chan;
import dev.gmp.Context;
import dev.gmp.ContextError;
import dev.gmp.Go;
import dev.gmp.Select;
import dev.gmp.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go src/context/x_test.go TestCause (every row of its table), TestCauseRace,
 * TestWithoutCancel, TestWithCancelCanceledParent (with a cause), TestWithCancelSimultaneouslyCanceledParent,
 * TestCustomContextPropagation, and TestAfterFuncCalledAfterCancel, TestAfterFuncCalledAfterTimeout,
 * TestAfterFuncCalledImmediately, TestAfterFuncNotCalledAfterStop, TestAfterFuncCalledAsynchronously, at
 * GOMAXPROCS 1, 2 and 4.
 */
@Timeout(60)
class ContextCauseTest {
    private static final Duration SHORT = Duration.ofMillis(2);
    private static final Duration VERY_LONG = Duration.ofSeconds(10000);

    private record Row(String name, Supplier<Context> ctx, ContextError err, Throwable cause) {}

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testCause(int procs) {
        Duration forever = Duration.ofSeconds(1_000_000);
        Throwable parentCause = new Exception("parentCause");
        Throwable childCause = new Exception("childCause");
        Throwable tooSlow = new Exception("tooSlow");
        Throwable finishedEarly = new Exception("finishedEarly");
        Row[] rows = {
            new Row("Background", Context::background, null, null),
            new Row("TODO", Context::todo, null, null),
            new Row("WithCancel", () -> {
                CancelContext ctx = Context.withCancel(Context.background());
                ctx.cancel();
                return ctx;
            }, Context.CANCELED, Context.CANCELED),
            new Row("WithCancelCause", () -> {
                CancelCauseContext ctx = Context.withCancelCause(Context.background());
                ctx.cancel(parentCause);
                return ctx;
            }, Context.CANCELED, parentCause),
            new Row("WithCancelCause nil", () -> {
                CancelCauseContext ctx = Context.withCancelCause(Context.background());
                ctx.cancel(null);
                return ctx;
            }, Context.CANCELED, Context.CANCELED),
            new Row("WithCancelCause: parent cause before child", () -> {
                CancelCauseContext parent = Context.withCancelCause(Context.background());
                CancelCauseContext child = Context.withCancelCause(parent);
                parent.cancel(parentCause);
                child.cancel(childCause);
                return child;
            }, Context.CANCELED, parentCause),
            new Row("WithCancelCause: parent cause after child", () -> {
                CancelCauseContext parent = Context.withCancelCause(Context.background());
                CancelCauseContext child = Context.withCancelCause(parent);
                child.cancel(childCause);
                parent.cancel(parentCause);
                return child;
            }, Context.CANCELED, childCause),
            new Row("WithCancelCause: parent cause before nil", () -> {
                CancelCauseContext parent = Context.withCancelCause(Context.background());
                CancelContext child = Context.withCancel(parent);
                parent.cancel(parentCause);
                child.cancel();
                return child;
            }, Context.CANCELED, parentCause),
            new Row("WithCancelCause: parent cause after nil", () -> {
                CancelCauseContext parent = Context.withCancelCause(Context.background());
                CancelContext child = Context.withCancel(parent);
                child.cancel();
                parent.cancel(parentCause);
                return child;
            }, Context.CANCELED, Context.CANCELED),
            new Row("WithCancelCause: child cause after nil", () -> {
                CancelContext parent = Context.withCancel(Context.background());
                CancelCauseContext child = Context.withCancelCause(parent);
                parent.cancel();
                child.cancel(childCause);
                return child;
            }, Context.CANCELED, Context.CANCELED),
            new Row("WithCancelCause: child cause before nil", () -> {
                CancelContext parent = Context.withCancel(Context.background());
                CancelCauseContext child = Context.withCancelCause(parent);
                child.cancel(childCause);
                parent.cancel();
                return child;
            }, Context.CANCELED, childCause),
            new Row("WithTimeout", () -> {
                CancelContext ctx = Context.withTimeout(Context.background(), Duration.ZERO);
                ctx.cancel();
                return ctx;
            }, Context.DEADLINE_EXCEEDED, Context.DEADLINE_EXCEEDED),
            new Row("WithTimeout canceled", () -> {
                CancelContext ctx = Context.withTimeout(Context.background(), forever);
                ctx.cancel();
                return ctx;
            }, Context.CANCELED, Context.CANCELED),
            new Row("WithTimeoutCause", () -> {
                CancelContext ctx = Context.withTimeoutCause(Context.background(), Duration.ZERO, tooSlow);
                ctx.cancel();
                return ctx;
            }, Context.DEADLINE_EXCEEDED, tooSlow),
            new Row("WithTimeoutCause canceled", () -> {
                CancelContext ctx = Context.withTimeoutCause(Context.background(), forever, tooSlow);
                ctx.cancel();
                return ctx;
            }, Context.CANCELED, Context.CANCELED),
            new Row("WithTimeoutCause stacked", () -> {
                CancelCauseContext parent = Context.withCancelCause(Context.background());
                Context ctx = Context.withTimeoutCause(parent, Duration.ZERO, tooSlow);
                parent.cancel(finishedEarly);
                return ctx;
            }, Context.DEADLINE_EXCEEDED, tooSlow),
            new Row("WithTimeoutCause stacked canceled", () -> {
                CancelCauseContext parent = Context.withCancelCause(Context.background());
                Context ctx = Context.withTimeoutCause(parent, forever, tooSlow);
                parent.cancel(finishedEarly);
                return ctx;
            }, Context.CANCELED, finishedEarly),
            new Row("WithoutCancel", () -> Context.withoutCancel(Context.background()), null, null),
            new Row("WithoutCancel canceled", () -> {
                CancelCauseContext parent = Context.withCancelCause(Context.background());
                Context ctx = Context.withoutCancel(parent);
                parent.cancel(finishedEarly);
                return ctx;
            }, null, null),
            new Row("WithoutCancel timeout", () -> {
                CancelContext parent = Context.withTimeoutCause(Context.background(), Duration.ZERO, tooSlow);
                Context ctx = Context.withoutCancel(parent);
                parent.cancel();
                return ctx;
            }, null, null),
        };
        GoTesting.run(procs, t -> {
            for (Row row : rows) {
                Context ctx = row.ctx.get();
                if (ctx.err() != row.err) {
                    t.errorf("%s: ctx.Err() = %s want %s", row.name, ctx.err(), row.err);
                }
                if (Context.cause(ctx) != row.cause) {
                    t.errorf("%s: Cause(ctx) = %s want %s", row.name, Context.cause(ctx), row.cause);
                }
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testCauseRace(int procs) {
        GoTesting.run(procs, t -> {
            Throwable cause = new Exception("TestCauseRace");
            CancelCauseContext ctx = Context.withCancelCause(Context.background());
            Go.go(() -> ctx.cancel(cause));
            for (;;) {
                // Poll Cause, rather than waiting for Done, to test that the cause is published safely.
                Throwable err = Context.cause(ctx);
                if (err != null) {
                    if (err != cause) {
                        t.errorf("Cause returned %s, want %s", err, cause);
                    }
                    break;
                }
                Go.gosched();
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void testWithoutCancel(int procs) {
        GoTesting.run(procs, t -> {
            String key = "key", value = "value";
            Context ctx = Context.withoutCancel(Context.withValue(Context.background(), key, value));
            if (ctx.deadline().isPresent()) {
                t.errorf("ctx.Deadline() = %s want none", ctx.deadline());
            }
            if (!ctx.done().isNil()) {
                t.errorf("ctx.Done() = %s want nil", ctx.done());
            }
            if (ctx.err() != null) {
                t.errorf("ctx.Err() = %s want nil", ctx.err());
            }
            if (ctx.value(key) != value) {
                t.errorf("ctx.Value(%s) = %s want %s", key, ctx.value(key), value);
            }
            // Its children do not attach to the parent's cancelCtx: cancelling the parent leaves them alone.
            CancelCauseContext parent = Context.withCancelCause(Context.background());
            CancelContext child = Context.withCancel(Context.withoutCancel(parent));
            parent.cancel(new Exception("x"));
            if (child.err() != null) {
                t.errorf("child of WithoutCancel cancelled with its grandparent: %s", child.err());
            }
            child.cancel();
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWithCancelCanceledParent(int procs) {
        GoTesting.run(procs, t -> {
            CancelCauseContext parent = Context.withCancelCause(Context.background());
            Throwable cause = new Exception("Because!");
            parent.cancel(cause);
            CancelContext c = Context.withCancel(parent);
            if (c.done().tryRecv() == null) {
                t.errorf("child not done immediately upon construction");
            }
            if (c.err() != Context.CANCELED) {
                t.errorf("child not canceled; got = %s, want = %s", c.err(), Context.CANCELED);
            }
            if (Context.cause(c) != cause) {
                t.errorf("child has wrong cause; got = %s, want = %s", Context.cause(c), cause);
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWithCancelSimultaneouslyCanceledParent(int procs) {
        GoTesting.run(procs, t -> {
            // Cancel the parent goroutine concurrently with creating a child.
            for (int i = 0; i < 100; i++) {
                CancelCauseContext parent = Context.withCancelCause(Context.background());
                Throwable cause = new Exception("Because!");
                Go.go(() -> parent.cancel(cause));
                CancelContext c = Context.withCancel(parent);
                c.done().recv();
                if (c.err() != Context.CANCELED) {
                    t.errorf("child not canceled; got = %s, want = %s", c.err(), Context.CANCELED);
                }
                if (Context.cause(c) != cause) {
                    t.errorf("child has wrong cause; got = %s, want = %s", Context.cause(c), cause);
                }
            }
        });
    }

    /** customDoneContext: forwards everything to a cancelCtx but has its own done channel. */
    private record CustomDoneContext(Context c, Chan<Void> donec) implements Context {
        public Chan<Void> done() { return donec; }
        public ContextError err() { return c.err(); }
        public Optional<Instant> deadline() { return c.deadline(); }
        public Object value(Object key) { return c.value(key); }
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testCustomContextPropagation(int procs) {
        GoTesting.run(procs, t -> {
            Throwable cause = new Exception("TestCustomContextPropagation");
            Chan<Void> donec = Chan.make();
            CancelCauseContext ctx1 = Context.withCancelCause(Context.background());
            Context ctx2 = new CustomDoneContext(ctx1, donec);
            try (CancelContext ctx3 = Context.withCancel(ctx2)) {
                ctx1.cancel(cause);
                donec.close();
                ctx3.done().recv();
                if (ctx3.err() != Context.CANCELED) {
                    t.errorf("child not canceled; got = %s, want = %s", ctx3.err(), Context.CANCELED);
                }
                if (Context.cause(ctx3) != cause) {
                    t.errorf("child has wrong cause; got = %s, want = %s", Context.cause(ctx3), cause);
                }
            }
        });
    }

    /** select { case <-c: return true; case <-time.After(d): return false }. */
    private static boolean recvWithin(Chan<?> c, Duration d) {
        return Select.make().recv(c).recv(Time.after(d)).select() == 0;
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testAfterFuncCalledAfterCancel(int procs) {
        GoTesting.run(procs, t -> {
            CancelContext ctx = Context.withCancel(Context.background());
            Chan<Void> donec = Chan.make();
            Context.Stop stop = Context.afterFunc(ctx, donec::close);
            if (recvWithin(donec, SHORT)) {
                t.fatalf("AfterFunc called before context is done");
            }
            ctx.cancel();
            if (!recvWithin(donec, VERY_LONG)) {
                t.fatalf("AfterFunc not called after context is canceled");
            }
            if (stop.stop()) {
                t.fatalf("stop() = true, want false");
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testAfterFuncCalledAfterTimeout(int procs) {
        GoTesting.run(procs, t -> {
            try (CancelContext ctx = Context.withTimeout(Context.background(), SHORT)) {
                Chan<Void> donec = Chan.make();
                Context.afterFunc(ctx, donec::close);
                if (!recvWithin(donec, VERY_LONG)) {
                    t.fatalf("AfterFunc not called after context is canceled");
                }
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testAfterFuncCalledImmediately(int procs) {
        GoTesting.run(procs, t -> {
            CancelContext ctx = Context.withCancel(Context.background());
            ctx.cancel();
            Chan<Void> donec = Chan.make();
            Context.afterFunc(ctx, donec::close);
            if (!recvWithin(donec, VERY_LONG)) {
                t.fatalf("AfterFunc not called for already-canceled context");
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testAfterFuncNotCalledAfterStop(int procs) {
        GoTesting.run(procs, t -> {
            CancelContext ctx = Context.withCancel(Context.background());
            Chan<Void> donec = Chan.make();
            Context.Stop stop = Context.afterFunc(ctx, donec::close);
            if (!stop.stop()) {
                t.fatalf("stop() = false, want true");
            }
            ctx.cancel();
            if (recvWithin(donec, SHORT)) {
                t.fatalf("AfterFunc called for already-canceled context");
            }
            if (stop.stop()) {
                t.fatalf("stop() = true, want false");
            }
        });
    }

    /** Cancelling a context does not wait for its AfterFuncs to finish. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testAfterFuncCalledAsynchronously(int procs) {
        GoTesting.run(procs, t -> {
            CancelContext ctx = Context.withCancel(Context.background());
            Chan<Boolean> donec = Chan.make();
            Context.Stop stop = Context.afterFunc(ctx, () -> donec.send(true)); // blocks until read
            try {
                ctx.cancel();
                // After cancel returns, read from donec and unblock the AfterFunc.
                if (!recvWithin(donec, VERY_LONG)) {
                    t.fatalf("AfterFunc not called after context is canceled");
                }
            } finally {
                stop.stop();
            }
        });
    }
}
