package dev.gmp;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Go's {@code context.Context} (context/context.go): a deadline, a cancellation signal and request-scoped values
 * that flow down a tree of contexts.
 *
 * <pre>{@code
 * try (var ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(1))) {
 *     Select.make()
 *         .recv(results, r -> use(r))
 *         .recv(ctx.done(), x -> System.out.println(ctx.err().getMessage()))  // context deadline exceeded
 *         .select();
 * }                                                                         // close() = cancel()
 * }</pre>
 * Cancelling a context cancels its descendants, and removes it from its parent (no leak). {@link #done()} is a
 * channel that is closed when the context is done, usable in a {@link Select}; for {@link #background()} it is
 * the nil channel (never ready).
 */
public interface Context {
    /** {@code context.Canceled}. */
    ContextError CANCELED = new ContextError("context canceled", false);
    /** {@code context.DeadlineExceeded}. */
    ContextError DEADLINE_EXCEEDED = new ContextError("context deadline exceeded", true);

    /** {@code ctx.Done()}: closed when this context is done; nil for contexts that can never be cancelled. */
    Chan<Void> done();

    /** {@code ctx.Err()}: null while not done, then {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}. */
    ContextError err();

    /** {@code ctx.Deadline()}: when this context will be cancelled, if it has a deadline. */
    Optional<Instant> deadline();

    /** {@code ctx.Value(key)}: the value for {@code key} in this context or its ancestors, or null. */
    Object value(Object key);

    /** {@code context.Background()}: never cancelled, no values, no deadline. */
    static Context background() {
        return Contexts.BACKGROUND;
    }

    /** {@code context.TODO()}. */
    static Context todo() {
        return Contexts.TODO;
    }

    /** {@code context.WithCancel(parent)}: a child cancelled by {@link CancelContext#cancel()} or by its parent. */
    static CancelContext withCancel(Context parent) {
        Objects.requireNonNull(parent, "cannot create context from nil parent");
        Contexts.CancelCtx c = new Contexts.CancelCtx(parent);
        Contexts.propagateCancel(parent, c);
        return c;
    }

    /**
     * {@code context.WithCancelCause(parent)} (Go 1.20): like {@link #withCancel}, but
     * {@link CancelCauseContext#cancel(Throwable)} records why, for {@link #cause}.
     */
    static CancelCauseContext withCancelCause(Context parent) {
        return (CancelCauseContext) withCancel(parent);
    }

    /** {@code context.WithDeadline(parent, d)}: also cancelled, with DeadlineExceeded, at {@code d}. */
    static CancelContext withDeadline(Context parent, Instant d) {
        return withDeadlineCause(parent, d, null);
    }

    /**
     * {@code context.WithDeadlineCause(parent, d, cause)} (Go 1.21): like {@link #withDeadline}, and when the
     * deadline passes, {@link #cause} is {@code cause} ({@code err()} is still DeadlineExceeded). Cancelling it
     * does not set the cause; a null cause means DeadlineExceeded.
     */
    static CancelContext withDeadlineCause(Context parent, Instant d, Throwable cause) {
        Objects.requireNonNull(parent, "cannot create context from nil parent");
        return Contexts.withDeadline(GmpRuntime.current(), parent, d, cause);
    }

    /** {@code context.WithTimeout(parent, timeout)}: {@code withDeadline(parent, now + timeout)}. */
    static CancelContext withTimeout(Context parent, Duration timeout) {
        return withDeadline(parent, Instant.now().plus(timeout));
    }

    /** {@code context.WithTimeoutCause(parent, timeout, cause)} (Go 1.21). */
    static CancelContext withTimeoutCause(Context parent, Duration timeout, Throwable cause) {
        return withDeadlineCause(parent, Instant.now().plus(timeout), cause);
    }

    /**
     * {@code context.WithoutCancel(parent)} (Go 1.21): the parent's values, but never cancelled when the parent
     * is: no deadline, {@code err()} null, {@code done()} the nil channel, {@link #cause} null.
     */
    static Context withoutCancel(Context parent) {
        Objects.requireNonNull(parent, "cannot create context from nil parent");
        return new Contexts.WithoutCancelCtx(parent);
    }

    /**
     * {@code context.Cause(c)} (Go 1.20): why {@code c} was cancelled. The cause given to the
     * {@link CancelCauseContext#cancel(Throwable)} or deadline (of {@code c} or the ancestor that cancelled it);
     * else {@code c.err()}; null while {@code c} is not cancelled.
     */
    static Throwable cause(Context c) {
        return Contexts.cause(c);
    }

    /**
     * {@code context.AfterFunc(ctx, f)} (Go 1.21): runs {@code f} in its own goroutine once {@code ctx} is done
     * (at once if it already is). Several calls register independent functions.
     *
     * @return Go's {@code stop}: {@link Stop#stop()} unregisters {@code f}; true if that kept it from being
     *         started, false if it had already been started or stopped. It does not wait for a started {@code f}.
     */
    static Stop afterFunc(Context ctx, Runnable f) {
        Objects.requireNonNull(ctx, "cannot create context from nil parent");
        Objects.requireNonNull(f, "go of nil func value");
        Contexts.AfterFuncCtx a = new Contexts.AfterFuncCtx(ctx, GmpRuntime.current(), f);
        Contexts.propagateCancel(ctx, a);
        return a::stop;
    }

    /** The {@code stop func() bool} that {@link #afterFunc} returns. */
    @FunctionalInterface
    interface Stop {
        /** Stops the association of the function with its context; true if that kept the function from running. */
        boolean stop();
    }

    /** {@code context.WithValue(parent, key, val)}; a null key fails with {@code nil key}. */
    static Context withValue(Context parent, Object key, Object val) {
        Objects.requireNonNull(parent, "cannot create context from nil parent");
        if (key == null) {
            throw new GoPanic("nil key");
        }
        return new Contexts.ValueCtx(parent, key, val);
    }
}
