package dev.gmp.internal.chan;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Threads that are not goroutines and have used a runtime primitive (a channel, select, WaitGroup, or a context's
 * cancel). While one of them is alive it might still wake a goroutine, so the deadlock detector stays silent.
 *
 * <p>Process-wide by necessity: channels are not bound to a runtime. Threads are held weakly; each thread is
 * recorded once (a thread-local flag keeps repeated operations from a platform thread cheap).
 */
public final class ForeignThreads {
    private ForeignThreads() {}

    private static final Set<Thread> THREADS = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<Thread, Boolean>()));
    private static final ThreadLocal<Boolean> NOTED = new ThreadLocal<>();

    /** Records the calling thread if it is not a goroutine. Returns whether it is foreign. */
    public static boolean noteCurrent() {
        Thread t = Thread.currentThread();
        if (Hchan.isGoroutine(t)) {
            return false;
        }
        if (NOTED.get() == null) {
            NOTED.set(Boolean.TRUE);
            THREADS.add(t);
        }
        return true;
    }

    /** Whether a recorded thread other than {@code except} (the caller of run, waiting in join) is alive. */
    public static boolean anyAliveExcept(Thread except) {
        synchronized (THREADS) {
            for (Thread t : THREADS) {
                if (t != except && t.isAlive()) {
                    return true;
                }
            }
        }
        return false;
    }
}
