package dev.gmp;

import java.util.function.Supplier;

/**
 * Go's {@code sync.Once} (golang/go src/sync/once.go, and Go 1.21's {@code OnceFunc}/{@code OnceValue} from
 * src/sync/oncefunc.go): performs one action exactly once.
 *
 * <pre>{@code
 * private final Once once = new Once();
 * Config config() { once.run(this::load); return config; }   // Go: once.Do(load)
 * }</pre>
 * No call to {@link #run} (Go's {@code Do}, a Java keyword) returns before the one call of its function has
 * returned, and every later call sees what that function wrote. If the function throws, {@code run} rethrows to
 * that caller and the Once still counts as done: later calls call nothing (Go: "if f panics, Do considers it to
 * have returned"). Calling {@code run} of the same Once from inside its function deadlocks, as in Go. A goroutine
 * waiting for another's call to finish shows wait reason {@code sync.Mutex.Lock}: Go's Once waits on a Mutex.
 */
public final class Once {
    private volatile boolean done; // written once, after the function returned or threw, while m is held
    private final Mutex m = new Mutex();

    /** {@code once.Do(f)}: calls {@code f} if and only if this is the first call of {@code run} on this Once. */
    public void run(Runnable f) {
        if (!done) { // the fast path stays small, as once.go keeps Do inlinable
            runSlow(f);
        }
    }

    private void runSlow(Runnable f) {
        m.lock();
        try {
            if (!done) {
                try {
                    f.run();
                } finally {
                    done = true; // only after f: a concurrent caller must not return before f has finished
                }
            }
        } finally {
            m.unlock();
        }
    }

    /**
     * {@code sync.OnceFunc(f)}: a function that calls {@code f} only once, however often it is called. If
     * {@code f} throws, every call throws that same exception.
     */
    public static Runnable onceFunc(Runnable f) {
        Supplier<Void> v = onceValue(() -> {
            f.run();
            return null;
        });
        return v::get;
    }

    /**
     * {@code sync.OnceValue(f)}: a function that calls {@code f} only once and returns its value on every call.
     * If {@code f} throws, every call throws that same exception.
     */
    public static <T> Supplier<T> onceValue(Supplier<T> f) {
        return new Supplier<>() {
            private final Once once = new Once();
            private Supplier<T> fn = f;  // dropped after the call, as oncefunc.go drops f (guarded by once)
            private T result;            // written by the one call, read after once.run (happens-after it)
            private RuntimeException thrown;
            private Error error;

            @Override
            public T get() {
                once.run(() -> {
                    try {
                        result = fn.get();
                    } catch (RuntimeException e) {
                        thrown = e;
                    } catch (Error e) {
                        error = e;
                    } finally {
                        fn = null;
                    }
                });
                if (thrown != null) {
                    throw thrown;
                }
                if (error != null) {
                    throw error;
                }
                return result;
            }
        };
    }
}
