package dev.gmp.internal.chan;

import dev.gmp.internal.jdk.VirtualThreadAdapter;
import dev.gmp.internal.sched.Goroutine;
import dev.gmp.internal.sched.Scheduler;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Threads that are not goroutines and have used a runtime primitive (a channel, select, WaitGroup, or a context's
 * cancel). While one of them is alive it might still wake a goroutine, so the deadlock detector stays silent.
 * Also tells primitives which runtime a caller belongs to ({@link #callerHome}): a channel used from two runtimes
 * is foreign to both, since each runtime's deadlock check sees only its own goroutines.
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
        return callerHome() == null;
    }

    /**
     * The scheduler of the calling goroutine: the runtime a primitive is used from. For a thread that is not a
     * goroutine, records it and returns null.
     */
    public static Scheduler callerHome() {
        Goroutine g = VirtualThreadAdapter.currentGoroutine();
        if (g != null) {
            return g.scheduler();
        }
        if (NOTED.get() == null) {
            NOTED.set(Boolean.TRUE);
            THREADS.add(Thread.currentThread());
        }
        return null;
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
