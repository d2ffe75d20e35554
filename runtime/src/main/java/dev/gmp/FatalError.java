package dev.gmp;

/**
 * Go's {@code fatal} (runtime/panic.go): an unrecoverable misuse of a sync primitive, with Go's message, such as
 * {@code sync: unlock of unlocked mutex} or {@code sync: RUnlock of unlocked RWMutex}.
 *
 * <p>Go ends the process ({@code fatal error: sync: unlock of unlocked mutex}, exit status 2) and a deferred
 * {@code recover} cannot catch it. Here it is thrown as an {@link Error}, like {@link DeadlockError}: uncaught in
 * a goroutine it is reported as that goroutine's panic (and ends the process with {@code panic=exit}); a library
 * must not stop an application, so the process is not ended by the primitive itself. Catching it is a bug.
 */
public final class FatalError extends Error {
    private static final long serialVersionUID = 1L;

    public FatalError(String message) {
        super(message);
    }
}
