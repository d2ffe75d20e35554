package dev.gmp;

/**
 * A context with its {@code CancelFunc} (Go: {@code ctx, cancel := context.WithCancel(parent)}).
 * {@link #close()} cancels, so try-with-resources is Go's {@code defer cancel()}.
 */
public interface CancelContext extends Context, AutoCloseable {
    /** {@code cancel()}: cancels this context and its descendants; later calls do nothing. */
    void cancel();

    /** Same as {@link #cancel()}. */
    @Override
    default void close() {
        cancel();
    }
}
