package dev.gmp;

/**
 * Why a {@link Context} is done: Go's {@code context.Canceled} ({@code context canceled}) or
 * {@code context.DeadlineExceeded} ({@code context deadline exceeded}). The two instances are
 * {@link Context#CANCELED} and {@link Context#DEADLINE_EXCEEDED}; compare with {@code ==} as Go code compares
 * with {@code errors.Is}. Unchecked, so it can be thrown by code that gives up on a done context.
 */
public final class ContextError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean timeout;

    ContextError(String message, boolean timeout) {
        super(message, null, false, false);
        this.timeout = timeout;
    }

    /** Go's {@code Timeout()}: true for DeadlineExceeded. */
    public boolean timeout() {
        return timeout;
    }
}
