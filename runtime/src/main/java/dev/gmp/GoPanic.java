package dev.gmp;

/**
 * A Go run-time panic raised by a misuse of a runtime primitive (runtime/panic.go {@code plainError}): the message
 * is exactly Go's, e.g. {@code send on closed channel}, {@code close of nil channel},
 * {@code makechan: size out of range}, {@code sync: negative WaitGroup counter}.
 *
 * <p>Unchecked, like a Go panic: uncaught in a goroutine it is reported in Go's panic shape by the runtime.
 */
public class GoPanic extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GoPanic(String message) {
        super(message);
    }
}
