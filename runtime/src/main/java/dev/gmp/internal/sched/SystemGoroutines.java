package dev.gmp.internal.sched;

/**
 * System goroutines (golang/go src/runtime/traceback.go {@code isSystemGoroutine}): the virtual threads the JDK
 * starts for its own work, which a user never asked for and cannot end.
 *
 * <p>Go calls a goroutine a system goroutine when its start function ({@code g.startpc}) is in package
 * {@code runtime}; it decides once, in {@code newproc1}, counts them in {@code sched.ngsys}, leaves them out of
 * {@code NumGoroutine}, the deadlock detector, the goroutine profile and tracebacks (unless
 * {@code GOTRACEBACK=system}). Go's exception is {@code runfinq}, a runtime function that runs user code.
 *
 * <p>The JVM's counterpart of package {@code runtime} is the implementation of {@code java.base}: its packages
 * that the module does not export ({@code sun.*}, {@code jdk.internal.*}). On JDK 25 the only virtual threads
 * started there are the socket poller's sub-pollers ({@code sun.nio.ch.Poller}, "SubPoller-N", one loop each,
 * parked in I/O wait for the life of the JVM); the JDK's other helpers (the virtual-thread unparker, the
 * {@code CompletableFuture} delayer, {@code InnocuousThread}s, the master poller) are platform threads, never
 * goroutines. The exported packages that start virtual threads
 * ({@code Executors}, {@code StructuredTaskScope}, {@code Gatherers.mapConcurrent}) start them to run the
 * caller's code, like {@code runfinq}: those are user goroutines. So are the threads other JDK modules start
 * (the JDK's HTTP server runs the application's handlers on the application's executor).
 *
 * <p>A goroutine is a system goroutine when the task its thread was created to run, or the frame that started
 * it, belongs to a non-exported {@code java.base} package. Either one is enough, so the rule holds when the task
 * cannot be seen (no access to {@code jdk.internal.vm}) and when a creation site came from a cache. Decided once,
 * when the record is made (as Go's {@code newproc1}); the rule never reads a thread's name.
 *
 * <p>Rejected: matching {@code sun.nio.ch.Poller} by name (the next JDK-internal virtual thread would be a false
 * alarm again); any JDK frame on the creating stack (every virtual thread an application starts through
 * {@code Executors} has some).
 */
final class SystemGoroutines {
    private static final Module JAVA_BASE = Object.class.getModule();

    private SystemGoroutines() {}

    /** isSystemGoroutine for a thread adopted at its first start; {@code task} may be null, {@code site} empty. */
    static boolean isSystem(Runnable task, StackTraceElement[] site) {
        return (task != null && isJdkInternal(task.getClass()))
                || (site.length > 0 && isJdkInternal(site[0]));
    }

    /**
     * The last {@code java.base} package {@link #isJdkInternal(Class)} found exported (a racy memo: package names
     * are interned, so one comparison saves the module's two map lookups on every start of an executor's or a
     * {@code CompletableFuture} stage's task).
     */
    private static String lastExported;

    /** A class of {@code java.base} in a package it does not export. */
    static boolean isJdkInternal(Class<?> c) {
        if (c.getModule() != JAVA_BASE) {
            return false;
        }
        String pn = c.getPackageName();
        if (pn == lastExported) {
            return false;
        }
        if (JAVA_BASE.isExported(pn)) {
            lastExported = pn;
            return false;
        }
        return true;
    }

    /** A frame of a {@code java.base} class in a package it does not export. */
    static boolean isJdkInternal(StackTraceElement f) {
        if (!"java.base".equals(f.getModuleName())) {
            return false;
        }
        String cls = f.getClassName();
        int dot = cls.lastIndexOf('.');
        return dot > 0 && !JAVA_BASE.isExported(cls.substring(0, dot));
    }
}
