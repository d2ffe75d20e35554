package dev.gmp;

import java.util.Objects;

/**
 * Go's {@code errgroup.Group} (golang.org/x/sync/errgroup, golang/sync errgroup/errgroup.go): goroutines working
 * on subtasks of one task, with the first error kept, an optional limit on active goroutines, and, with
 * {@link #withContext}, a Context cancelled on the first error.
 *
 * <pre>{@code
 * ErrGroup g = ErrGroup.withContext(ctx);            // g, ctx := errgroup.WithContext(ctx)
 * g.setLimit(8);
 * for (var url : urls) g.go(() -> fetch(g.context(), url));
 * Exception err = g.await();                          // if err := g.Wait(); err != nil { ... }
 * }</pre>
 *
 * <ul>
 *   <li>A task's error is any {@link Exception} it throws (Go: a non-nil {@code error} return). The first one is
 *       kept: {@link #await()} returns it, and the derived Context is cancelled with it as its
 *       {@link Context#cause cause}. An {@link Error} is a Go panic: it is not caught (the goroutine's panic is
 *       reported, as Go's would crash the program), but the group still counts the task as done.</li>
 *   <li>{@link #await()} (Go's {@code Wait}, a Java keyword clash) waits for every task, then cancels the derived
 *       Context ({@code context canceled} when no task failed) and returns the first error or null.</li>
 *   <li>{@link #go} blocks, with wait reason {@code chan send}, while the limit is reached; {@link #tryGo} does
 *       not.</li>
 *   <li>{@code new ErrGroup()} is Go's zero {@code Group}: no limit, no Context.</li>
 * </ul>
 */
public final class ErrGroup {
    /** A subtask: Go's {@code func() error}, with the error thrown. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    private final CancelCauseContext ctx;  // null for the zero group
    private final WaitGroup wg = new WaitGroup();
    private volatile Chan<Object> sem;     // sem: one token per active goroutine; null without a limit
    private final Once errOnce = new Once();
    private volatile Exception err;        // written once, inside errOnce

    /** Go's zero {@code errgroup.Group}: no limit, does not cancel anything on error. */
    public ErrGroup() {
        this.ctx = null;
    }

    private ErrGroup(CancelCauseContext ctx) {
        this.ctx = ctx;
    }

    /**
     * {@code errgroup.WithContext(parent)}: a group and a Context derived from {@code parent} ({@link #context()}),
     * cancelled the first time a task fails or {@link #await()} returns, whichever comes first.
     */
    public static ErrGroup withContext(Context parent) {
        return new ErrGroup(Context.withCancelCause(parent));
    }

    /** The Context derived by {@link #withContext}; null for a group made with {@code new ErrGroup()}. */
    public Context context() {
        return ctx;
    }

    /**
     * {@code g.Go(f)}: runs {@code f} in a new goroutine, first blocking until that keeps the number of active
     * goroutines within the limit.
     */
    public void go(Task f) {
        Objects.requireNonNull(f, "go of nil func value");
        Chan<Object> s = sem;
        if (s != null) {
            s.send(Boolean.TRUE);
        }
        start(f, s);
    }

    /** {@code g.TryGo(f)}: runs {@code f} in a new goroutine only if the limit allows it now; whether it did. */
    public boolean tryGo(Task f) {
        Objects.requireNonNull(f, "go of nil func value");
        Chan<Object> s = sem;
        if (s != null && !s.trySend(Boolean.TRUE)) {
            return false;
        }
        start(f, s);
        return true;
    }

    private void start(Task f, Chan<Object> s) {
        wg.add(1);
        GmpRuntime.current().sched.creation().newproc(() -> {
            try {
                f.run();
            } catch (Exception e) {
                errOnce.run(() -> {
                    err = e;
                    if (ctx != null) {
                        ctx.cancel(e);
                    }
                });
            } finally {
                if (s != null) {
                    s.recv();
                }
                wg.done();
            }
        }, f); // created by: the caller of g.go, found by f's class
    }

    /**
     * {@code g.SetLimit(n)}: at most {@code n} active goroutines from now on; negative means no limit. Must not
     * be called while goroutines of the group are active.
     *
     * @throws GoPanic {@code errgroup: modify limit while N goroutines in the group are still active}
     */
    public void setLimit(int n) {
        if (n < 0) {
            sem = null;
            return;
        }
        Chan<Object> s = sem;
        if (s != null && s.len() != 0) {
            throw new GoPanic("errgroup: modify limit while " + s.len() + " goroutines in the group are still active");
        }
        sem = Chan.make(n);
    }

    /**
     * {@code g.Wait()}: waits for every task started with {@link #go} or {@link #tryGo}, cancels the derived
     * Context, and returns the first error (null if none).
     */
    public Exception await() {
        wg.await();
        if (ctx != null) {
            ctx.cancel(err);
        }
        return err;
    }
}
