package dev.gmp.internal.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * Names what a parked goroutine waits for, in Go's words where they apply (runtime2.go {@code waitReasonStrings}),
 * derived from the park blocker: the runtime's own primitives name themselves ({@link WaitReason});
 * {@code java.util.concurrent} waits get the nearest Go equivalent with the Java type in parentheses; without a
 * blocker, the top of the stack tells sleeps and socket waits apart.
 */
public final class WaitReasons {
    private WaitReasons() {}

    /** The wait reason of a goroutine in {@code waiting} status, or "" for other statuses. */
    public static String of(Goroutine g) {
        if (g.status() != GStatus.WAITING) {
            return "";
        }
        Thread t = g.get();
        if (t == null) {
            return "";
        }
        return ofBlocker(LockSupport.getBlocker(t), t);
    }

    /**
     * What a thread that has just parked waits on, as cheaply as the park path allows (no stack walk, no lookup):
     * the runtime's own blockers' names ({@link WaitReason}); the class of any other blocker, named later by
     * {@link #ofParkedOn} when someone asks (a class, never the blocker itself, which may reference the thread
     * and keep it reachable); null without a blocker (sleeps, socket waits, {@code Object.wait}: the leak sampler
     * names those from the stack later).
     */
    static Object atPark(Thread t) {
        return parkedOn(LockSupport.getBlocker(t));
    }

    /** What {@link #atPark} keeps of {@code blocker}: its own name, its class, or null for none. */
    private static Object parkedOn(Object blocker) {
        if (blocker instanceof WaitReason w) {
            return w.waitReason();
        }
        return blocker == null ? null : blocker.getClass();
    }

    /** The wait reason of what {@link #atPark} kept: "" for none; {@code java.util.concurrent} classes named once. */
    static String ofParkedOn(Object parkedOn) {
        if (parkedOn instanceof Class<?> type) {
            return BY_CLASS.get(type);
        }
        return parkedOn instanceof String reason ? reason : "";
    }

    private static final ClassValue<String> BY_CLASS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return ofBlockerClass(type);
        }
    };

    static String ofBlocker(Object blocker, Thread t) {
        return blocker != null ? ofParkedOn(parkedOn(blocker)) : ofStack(t);
    }

    private static String ofBlockerClass(Class<?> type) {
        String c = type.getName();
        if (c.startsWith("java.util.concurrent.locks.ReentrantReadWriteLock")) {
            return "sync.RWMutex.Lock (ReentrantReadWriteLock)";
        }
        if (c.startsWith("java.util.concurrent.locks.ReentrantLock")) {
            return "sync.Mutex.Lock (ReentrantLock)";
        }
        if (c.endsWith("$ConditionObject")) {
            return "sync.Cond.Wait (Condition)";
        }
        if (c.startsWith("java.util.concurrent.CountDownLatch")) {
            return "sync.WaitGroup.Wait (CountDownLatch)";
        }
        if (c.startsWith("java.util.concurrent.Semaphore")) {
            return "semacquire (Semaphore)";
        }
        if (c.startsWith("java.util.concurrent.SynchronousQueue")
                || c.startsWith("java.util.concurrent.LinkedTransferQueue")) {
            return "chan receive (" + type.getSimpleName() + ")";
        }
        if (c.startsWith("java.util.concurrent.CompletableFuture")
                || c.startsWith("java.util.concurrent.FutureTask")) {
            return "chan receive (Future)";
        }
        return "park (" + c + ")";
    }

    private static String ofStack(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            String c = f.getClassName();
            if (c.equals("java.lang.Thread") && f.getMethodName().startsWith("sleep")) {
                return "sleep";
            }
            if (c.startsWith("sun.nio.ch.") || c.startsWith("java.net.")) {
                return "IO wait";
            }
            if (c.equals("java.lang.Object") && f.getMethodName().equals("wait")) {
                return "sync.Cond.Wait (Object.wait)";
            }
        }
        return "park";
    }

    /** Whether the goroutine's wait can be ended only by goroutines and runtime timers (for the deadlock rule). */
    public static boolean isRuntimePrimitive(Goroutine g) {
        Thread t = g.get();
        return t != null && LockSupport.getBlocker(t) instanceof WaitReason w && w.runtimePrimitive();
    }
}
