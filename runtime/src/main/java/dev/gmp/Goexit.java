package dev.gmp;

/**
 * The unwinding of a goroutine that called {@link Go#goexit()} (Go's {@code runtime.Goexit}, golang/go
 * src/runtime/panic.go): thrown to run the goroutine's {@code finally} blocks (Go's deferred calls) on the way
 * out, after which the goroutine ends quietly. It is not a panic: the runtime does not report or count it.
 *
 * <p>Go's {@code recover} cannot stop a Goexit; Java's {@code catch} can. Code that catches {@code Throwable} or
 * {@code Error} must rethrow this, or the goroutine goes on running. It carries no stack trace and no suppressed
 * exceptions, so one instance may be rethrown in several goroutines (singleflight shares it with the callers
 * that waited for the one that exited).
 */
public final class Goexit extends Error {
    private static final long serialVersionUID = 1L;

    Goexit() {
        super("runtime.Goexit", null, false, false);
    }
}
