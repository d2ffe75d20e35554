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

    /** {@code context.WithDeadline(parent, d)}: also cancelled, with DeadlineExceeded, at {@code d}. */
    static CancelContext withDeadline(Context parent, Instant d) {
        Objects.requireNonNull(parent, "cannot create context from nil parent");
        return Contexts.withDeadline(GmpRuntime.current(), parent, d);
    }

    /** {@code context.WithTimeout(parent, timeout)}: {@code withDeadline(parent, now + timeout)}. */
    static CancelContext withTimeout(Context parent, Duration timeout) {
        return withDeadline(parent, Instant.now().plus(timeout));
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
