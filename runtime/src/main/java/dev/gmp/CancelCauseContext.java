package dev.gmp;

/**
 * A context with its {@code CancelCauseFunc} (Go 1.20: {@code ctx, cancel := context.WithCancelCause(parent)}).
 * {@link #cancel(Throwable)} records a cause, read back with {@link Context#cause}; {@link #cancel()} and
 * {@link #close()} are {@code cancel(nil)}: the cause is then {@link Context#CANCELED}.
 */
public interface CancelCauseContext extends CancelContext {
    /**
     * {@code cancel(cause)}: cancels this context and its descendants, with {@code err()}
     * {@link Context#CANCELED} and {@link Context#cause} {@code cause} (CANCELED if null). Later calls do nothing.
     */
    void cancel(Throwable cause);
}
