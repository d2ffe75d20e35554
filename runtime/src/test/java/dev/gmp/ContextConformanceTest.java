package dev.gmp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go src/context/context_test.go (x_test.go): TestBackground, TestTODO, TestWithCancel,
 * TestParentFinishesChild, TestChildFinishesFirst, TestDeadline, TestTimeout, TestCanceledTimeout, TestValues,
 * TestSimultaneousCancels, TestInterlockedCancels, TestLayersCancel, TestLayersTimeout, TestCancelRemoves,
 * TestWithCancelCanceledParent, TestWithValueChecksKey, TestDeadlineExceededSupportsTimeout and
 * TestCustomContextGoroutines (propagation from a foreign Context implementation), at GOMAXPROCS 1, 2 and 4.
 * In package dev.gmp to look at a cancelCtx's children, as Go's internal test does.
 */
@Timeout(60)
class ContextConformanceTest {
    private static final Duration SHORT = Duration.ofMillis(2);
    private static final Duration VERY_LONG = Duration.ofSeconds(10000);
    private static final Duration QUIESCENT = Duration.ofSeconds(10);

    /** otherContext: a Context implementation the package does not know, forwarding to another. */
    record OtherContext(Context c) implements Context {
        public Chan<Void> done() { return c.done(); }
        public ContextError err() { return c.err(); }
        public Optional<Instant> deadline() { return c.deadline(); }
        public Object value(Object key) { return c.value(key); }
    }

    /** A Context with its own done channel (TestCustomContextGoroutines' myCtx). */
    static final class MyCtx implements Context {
        final Chan<Void> done = Chan.make();
        volatile ContextError err;

        public Chan<Void> done() { return done; }
        public ContextError err() { return err; }
        public Optional<Instant> deadline() { return Optional.empty(); }
        public Object value(Object key) { return null; }
    }

    private static void run(int procs, Consumer<Failures> body) {
        Failures f = new Failures();
        try (GmpRuntime rt = GmpRuntime.builder().name("ctx").gomaxprocs(procs).onFatal(m -> { }).build()) {
            rt.run(() -> body.accept(f));
        }
        if (!f.errors.isEmpty()) {
            throw new AssertionError("GOMAXPROCS=" + procs + ": " + String.join("\n", f.errors));
        }
    }

    static final class Failures {
        final java.util.Queue<String> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();

        void errorf(String fmt, Object... a) {
            errors.add(String.format(fmt, a));
        }

        void fatalf(String fmt, Object... a) {
            errorf(fmt, a);
            throw new AssertionError(String.format(fmt, a));
        }
    }

    private static boolean isDone(Context c) {
        return Select.make().recv(c.done()).defaultCase().select() == 0;
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testBackgroundAndTODO(int procs) {
        run(procs, t -> {
            for (Context c : List.of(Context.background(), Context.todo())) {
                if (isDone(c)) t.errorf("<-c.Done() should block");
                if (!c.done().isNil()) t.errorf("Done() should be the nil channel");
            }
            if (!Context.background().toString().equals("context.Background")) t.errorf("%s", Context.background());
            if (!Context.todo().toString().equals("context.TODO")) t.errorf("%s", Context.todo());
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWithCancel(int procs) {
        run(procs, t -> {
            CancelContext c1 = Context.withCancel(Context.background());
            if (!c1.toString().equals("context.Background.WithCancel")) t.errorf("c1 = %s", c1);
            Context o = new OtherContext(c1);
            CancelContext c2 = Context.withCancel(o);
            List<Context> contexts = List.of(c1, o, c2);
            for (int i = 0; i < contexts.size(); i++) {
                Context c = contexts.get(i);
                if (c.done().isNil()) t.errorf("c[%d].Done() == nil want non-nil", i);
                if (c.err() != null) t.errorf("c[%d].Err() == %s want nil", i, c.err());
                if (isDone(c)) t.errorf("<-c.Done() should block");
            }
            c1.cancel(); // Should propagate synchronously.
            for (int i = 0; i < contexts.size(); i++) {
                Context c = contexts.get(i);
                if (!isDone(c)) t.errorf("<-c[%d].Done() blocked, but shouldn't have", i);
                if (c.err() != Context.CANCELED) t.errorf("c[%d].Err() == %s want %s", i, c.err(), Context.CANCELED);
            }
            c2.cancel();
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testParentFinishesChild(int procs) {
        run(procs, t -> {
            // Context tree: parent -> cancelChild; parent -> valueChild -> timerChild
            CancelContext parent = Context.withCancel(Context.background());
            CancelContext cancelChild = Context.withCancel(parent);
            Context valueChild = Context.withValue(parent, "key", "value");
            CancelContext timerChild = Context.withTimeout(valueChild, VERY_LONG);
            for (Context c : List.of(parent, cancelChild, valueChild, timerChild)) {
                if (isDone(c)) t.errorf("%s should not be done", c);
            }
            Contexts.CancelCtx pc = (Contexts.CancelCtx) parent;
            if (pc.childCount() != 2) t.errorf("bad linkage: %d children", pc.childCount());
            if (Contexts.parentCancelCtx(parent) != pc) t.errorf("bad linkage");
            if (Contexts.parentCancelCtx(valueChild) != pc) t.errorf("valueChild's cancelCtx is not parent");
            parent.cancel();
            if (pc.childCount() != 0) t.errorf("pc.cancel didn't clear pc.children = %d", pc.childCount());
            // parent and children should all be finished.
            for (Context c : List.of(parent, cancelChild, valueChild, timerChild)) {
                if (!isDone(c)) t.errorf("<-%s.Done() blocked, but shouldn't have", c);
                if (c.err() != Context.CANCELED) t.errorf("%s.Err() == %s", c, c.err());
            }
            // WithCancel should return a canceled context on a canceled parent.
            Context precanceledChild = Context.withValue(parent, "key", "value");
            if (!isDone(precanceledChild)) t.errorf("precanceledChild should be done");
            if (precanceledChild.err() != Context.CANCELED) t.errorf("precanceledChild.Err() == %s", precanceledChild.err());
            CancelContext pre2 = Context.withCancel(parent);
            if (!isDone(pre2) || pre2.err() != Context.CANCELED) t.errorf("child of canceled parent not canceled");
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testChildFinishesFirst(int procs) {
        run(procs, t -> {
            CancelContext cancelable = Context.withCancel(Context.background());
            for (Context parent : List.of(Context.background(), cancelable)) {
                CancelContext child = Context.withCancel(parent);
                if (isDone(parent) || isDone(child)) t.errorf("should block");
                Contexts.CancelCtx pc = parent instanceof Contexts.CancelCtx p ? p : null;
                if (Contexts.parentCancelCtx(parent) != pc) t.errorf("bad parentCancelCtx");
                if (pc != null && pc.childCount() != 1) t.errorf("bad linkage");
                child.cancel();
                if (pc != null && pc.childCount() != 0) t.errorf("child's cancel didn't remove self from pc.children");
                if (!isDone(child)) t.errorf("<-child.Done() blocked, but shouldn't have");
                if (child.err() != Context.CANCELED) t.errorf("child.Err() == %s", child.err());
                if (isDone(parent)) t.errorf("parent should not be finished");
                if (parent.err() != null) t.errorf("parent.Err() == %s want nil", parent.err());
            }
            cancelable.cancel();
        });
    }

    private static void testDeadline(Failures t, Context c, String name) {
        Timer timer = Time.newTimer(QUIESCENT);
        int k = Select.make().recv(timer.c()).recv(c.done()).select();
        timer.stop();
        if (k == 0) t.fatalf("%s: context not timed out after %s", name, QUIESCENT);
        if (c.err() != Context.DEADLINE_EXCEEDED) t.errorf("%s: c.Err() == %s; want DeadlineExceeded", name, c.err());
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testDeadline(int procs) {
        run(procs, t -> {
            Context c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
            if (!c.toString().startsWith("context.Background.WithDeadline(")) t.errorf("c.String() = %s", c);
            testDeadline(t, c, "WithDeadline");
            c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
            testDeadline(t, new OtherContext(c), "WithDeadline+otherContext");
            c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
            c = Context.withDeadline(new OtherContext(c), Instant.now().plus(VERY_LONG));
            testDeadline(t, c, "WithDeadline+otherContext+WithDeadline");
            testDeadline(t, Context.withDeadline(Context.background(), Instant.now().minus(SHORT)), "WithDeadline+inthepast");
            testDeadline(t, Context.withDeadline(Context.background(), Instant.now()), "WithDeadline+now");
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testTimeout(int procs) {
        run(procs, t -> {
            Context c = Context.withTimeout(Context.background(), SHORT);
            if (!c.toString().startsWith("context.Background.WithDeadline(")) t.errorf("c.String() = %s", c);
            testDeadline(t, c, "WithTimeout");
            c = Context.withTimeout(Context.background(), SHORT);
            testDeadline(t, new OtherContext(c), "WithTimeout+otherContext");
            c = Context.withTimeout(Context.background(), SHORT);
            c = Context.withTimeout(new OtherContext(c), VERY_LONG);
            testDeadline(t, c, "WithTimeout+otherContext+WithTimeout");
            if (!((ContextError) Context.DEADLINE_EXCEEDED).timeout()) t.errorf("DeadlineExceeded.Timeout() false");
            if (Context.CANCELED.timeout()) t.errorf("Canceled.Timeout() true");
            if (!Context.DEADLINE_EXCEEDED.getMessage().equals("context deadline exceeded")) t.errorf("message");
            if (!Context.CANCELED.getMessage().equals("context canceled")) t.errorf("message");
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testCanceledTimeout(int procs) {
        run(procs, t -> {
            Context c = Context.withTimeout(Context.background(), Duration.ofSeconds(1));
            CancelContext c2 = Context.withTimeout(new OtherContext(c), VERY_LONG);
            c2.cancel(); // Should propagate synchronously.
            if (!isDone(c2)) t.errorf("<-c.Done() blocked, but shouldn't have");
            if (c2.err() != Context.CANCELED) t.errorf("c.Err() == %s want Canceled", c2.err());
            ((CancelContext) c).cancel();
        });
    }

    record Key1(int v) { }

    record Key2(int v) { }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testValues(int procs) {
        run(procs, t -> {
            Key1 k1 = new Key1(1);
            Key2 k2 = new Key2(1); // same int as k1, different type
            Key2 k3 = new Key2(3); // same type as k2, different int
            record Check(Failures t) {
                void check(Context c, String nm, String v1, String v2, String v3) {
                    Object[] keys = {new Key1(1), new Key2(1), new Key2(3)};
                    String[] want = {v1, v2, v3};
                    for (int i = 0; i < 3; i++) {
                        Object v = c.value(keys[i]);
                        if (want[i].isEmpty() ? v != null : !want[i].equals(v)) {
                            t.errorf("%s.Value(k%d) = %s want %s", nm, i + 1, v, want[i]);
                        }
                    }
                }
            }
            Check ch = new Check(t);
            Context c0 = Context.background();
            ch.check(c0, "c0", "", "", "");
            Context c1 = Context.withValue(Context.background(), k1, "c1k1");
            ch.check(c1, "c1", "c1k1", "", "");
            // Go: `context.Background.WithValue(type context.key1, val c1k1)`: the key's type, not its value
            if (!c1.toString().equals("context.Background.WithValue(type " + Key1.class.getName() + ", val c1k1)")) {
                t.errorf("c.String() = %s", c1);
            }
            Context c2 = Context.withValue(c1, k2, "c2k2");
            ch.check(c2, "c2", "c1k1", "c2k2", "");
            Context c3 = Context.withValue(c2, k3, "c3k3");
            ch.check(c3, "c2", "c1k1", "c2k2", "c3k3");
            Context c4 = Context.withValue(c3, k1, null);
            ch.check(c4, "c4", "", "c2k2", "c3k3");
            Context o0 = new OtherContext(Context.background());
            ch.check(o0, "o0", "", "", "");
            Context o1 = new OtherContext(Context.withValue(Context.background(), k1, "c1k1"));
            ch.check(o1, "o1", "c1k1", "", "");
            Context o2 = Context.withValue(o1, k2, "o2k2");
            ch.check(o2, "o2", "c1k1", "o2k2", "");
            Context o3 = new OtherContext(c4);
            ch.check(o3, "o3", "", "c2k2", "c3k3");
            Context o4 = Context.withValue(o3, k3, null);
            ch.check(o4, "o4", "", "c2k2", "");
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testSimultaneousCancels(int procs) {
        run(procs, t -> {
            CancelContext root = Context.withCancel(Context.background());
            Map<Context, CancelContext> m = new LinkedHashMap<>();
            m.put(root, root);
            List<Context> q = new ArrayList<>(List.of(root));
            // Create a tree of contexts.
            while (!q.isEmpty() && m.size() < 100) {
                Context parent = q.remove(0);
                for (int i = 0; i < 4; i++) {
                    CancelContext ctx = Context.withCancel(parent);
                    m.put(ctx, ctx);
                    q.add(ctx);
                }
            }
            // Start all the cancels in a random order.
            WaitGroup wg = new WaitGroup();
            List<CancelContext> all = new ArrayList<>(m.values());
            java.util.Collections.shuffle(all);
            for (CancelContext cancel : all) {
                wg.go(cancel::cancel);
            }
            // Wait on all the contexts in a random order.
            java.util.Collections.shuffle(all);
            for (Context ctx : all) {
                if (Select.make().recv(ctx.done()).recv(Time.after(QUIESCENT)).select() == 1) {
                    t.fatalf("timed out waiting for <-ctx.Done()");
                }
            }
            // Wait for all the cancel functions to return.
            Chan<Void> done = Chan.make();
            Go.go(() -> { wg.await(); done.close(); });
            if (Select.make().recv(done).recv(Time.after(QUIESCENT)).select() == 1) {
                t.fatalf("timed out waiting for cancel functions");
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testInterlockedCancels(int procs) {
        run(procs, t -> {
            CancelContext parent = Context.withCancel(Context.background());
            CancelContext child = Context.withCancel(parent);
            Go.go(() -> { parent.done().recv(); child.cancel(); });
            parent.cancel();
            if (Select.make().recv(child.done()).recv(Time.after(QUIESCENT)).select() == 1) {
                t.fatalf("timed out waiting for child.Done");
            }
        });
    }

    private static void testLayers(Failures t, long seed, boolean testTimeout) {
        Random r = new Random(seed);
        String prefix = "seed=" + seed + ": ";
        final int minLayers = 30;
        List<Object> vals = new ArrayList<>();
        List<CancelContext> cancels = new ArrayList<>();
        int numTimers = 0;
        Context ctx = Context.background();
        for (int i = 0; i < minLayers || numTimers == 0 || cancels.isEmpty() || vals.isEmpty(); i++) {
            switch (r.nextInt(3)) {
                case 0 -> {
                    Object v = new Object();
                    ctx = Context.withValue(ctx, v, v);
                    vals.add(v);
                }
                case 1 -> {
                    CancelContext c = Context.withCancel(ctx);
                    ctx = c;
                    cancels.add(c);
                }
                default -> {
                    CancelContext c = Context.withTimeout(ctx, testTimeout ? SHORT : VERY_LONG);
                    ctx = c;
                    cancels.add(c);
                    numTimers++;
                }
            }
        }
        final Context top = ctx;
        Consumer<String> checkValues = when -> {
            for (Object key : vals) {
                if (top.value(key) != key) t.errorf("%s%s: ctx.Value(%s) wrong", prefix, when, key);
            }
        };
        if (!testTimeout && isDone(ctx)) t.errorf("%sctx should not be canceled yet", prefix);
        if (!ctx.toString().startsWith("context.Background.")) t.errorf("%sctx.String() = %s", prefix, ctx);
        checkValues.accept("before cancel");
        if (testTimeout) {
            Timer timer = Time.newTimer(QUIESCENT);
            if (Select.make().recv(ctx.done()).recv(timer.c()).select() == 1) {
                t.errorf("%sctx should have timed out", prefix);
            }
            timer.stop();
            checkValues.accept("after timeout");
        } else {
            cancels.get(r.nextInt(cancels.size())).cancel();
            if (!isDone(ctx)) t.errorf("%sctx should be canceled", prefix);
            checkValues.accept("after cancel");
        }
        for (CancelContext c : cancels) {
            c.cancel();
        }
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testLayersCancelAndTimeout(int procs) {
        run(procs, t -> {
            testLayers(t, System.nanoTime(), false);
            testLayers(t, System.nanoTime(), true);
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testCancelRemoves(int procs) {
        run(procs, t -> {
            Contexts.CancelCtx ctx = (Contexts.CancelCtx) Context.withCancel(Context.background());
            if (ctx.childCount() != 0) t.errorf("after creation: %d children", ctx.childCount());
            CancelContext c = Context.withCancel(ctx);
            if (ctx.childCount() != 1) t.errorf("with WithCancel child: %d children", ctx.childCount());
            c.cancel();
            if (ctx.childCount() != 0) t.errorf("after canceling WithCancel child: %d children", ctx.childCount());
            c = Context.withTimeout(ctx, Duration.ofMinutes(60));
            if (ctx.childCount() != 1) t.errorf("with WithTimeout child: %d children", ctx.childCount());
            c.cancel();
            if (ctx.childCount() != 0) t.errorf("after canceling WithTimeout child: %d children", ctx.childCount());
            // A timed-out child removes itself too, and its timer no longer pends.
            // (Go's cancel closes done before leaving the parent, so wait for the timer's cancel to finish.)
            c = Context.withTimeout(ctx, SHORT);
            c.done().recv();
            for (int i = 0; i < 5000 && ctx.childCount() != 0; i++) {
                Time.sleep(Duration.ofMillis(1));
            }
            if (ctx.childCount() != 0) t.errorf("after WithTimeout child timed out: %d children", ctx.childCount());
            ctx.cancel();
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testWithValueChecksKey(int procs) {
        run(procs, t -> {
            try {
                Context.withValue(Context.background(), null, "bar");
                t.errorf("expected panic");
            } catch (GoPanic p) {
                if (!p.getMessage().equals("nil key")) t.errorf("panic = %s want nil key", p.getMessage());
            }
        });
    }

    /** TestCustomContextGoroutines: a parent with its own done channel is watched by a goroutine. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void testCustomContextPropagation(int procs) {
        run(procs, t -> {
            MyCtx parent = new MyCtx();
            CancelContext child = Context.withCancel(parent);
            CancelContext grandchild = Context.withCancel(child);
            if (isDone(child)) t.errorf("child done too soon");
            parent.err = Context.CANCELED;
            parent.done.close();
            if (Select.make().recv(grandchild.done()).recv(Time.after(QUIESCENT)).select() == 1) {
                t.fatalf("custom parent's cancellation did not propagate");
            }
            if (grandchild.err() != Context.CANCELED) t.errorf("grandchild.Err() = %s", grandchild.err());
            // A child cancelled first ends the watcher too (the runtime would otherwise deadlock-report it).
            MyCtx p2 = new MyCtx();
            CancelContext c2 = Context.withCancel(p2);
            c2.cancel();
            if (c2.err() != Context.CANCELED) t.errorf("c2.Err() = %s", c2.err());
        });
    }
}
