package dev.gmp.agent.bootstrap;

import java.util.concurrent.Executor;

/**
 * The bootstrap bridge: the only class that advice woven into {@code java.*} classes may call (OpenTelemetry's
 * "bootstrap" layer). It is appended to the bootstrap class path by the agent before any rewrite, so
 * {@code java.io.FileInputStream} and {@code jdk.internal.misc.Blocker} can link against it; the runtime it
 * dispatches to lives in the application class loader and is reached through {@link #dispatch}.
 *
 * <p>This is the one necessary static of the agent (DESIGN §10). It must stay tiny and must not reference any
 * class outside {@code java.base}: everything it links to has to be loadable by the bootstrap loader.
 *
 * <p>Cost on a platform thread: one {@code Thread.isVirtual()} check per rewritten call, then nothing.
 */
public final class GmpBridge {
    /** What the agent installs: the runtime's syscall path and its scheduler. */
    public interface Dispatch {
        /** entersyscall for the current virtual thread if it is a running goroutine; false otherwise. */
        boolean enterSyscall();

        /** exitsyscall; call once for every {@link #enterSyscall} that returned true. */
        void exitSyscall();

        /** exitsyscall if the current thread is a goroutine; false (and nothing done) otherwise. */
        boolean exitSyscallIfGoroutine();

        /** The scheduler for a virtual thread created now by a platform thread, or null to leave the JDK's. */
        Executor schedulerForNewVirtualThread();
    }

    /** Installed once by the agent's premain; null until then (every hook is then a no-op). */
    private static volatile Dispatch dispatch;

    private GmpBridge() {}

    /** Agent only. */
    public static void install(Dispatch d) {
        dispatch = d;
    }

    /** entersyscall, if the caller is a goroutine holding a P. */
    public static boolean enterSyscall() {
        if (!Thread.currentThread().isVirtual()) {
            return false;
        }
        Dispatch d = dispatch;
        return d != null && d.enterSyscall();
    }

    /** exitsyscall after an {@link #enterSyscall} that returned true. */
    public static void exitSyscall() {
        Dispatch d = dispatch;
        if (d != null) {
            d.exitSyscall();
        }
    }

    /** exitsyscall if the caller is a goroutine (used where the enter was encoded in a JDK return value). */
    public static boolean exitSyscallIfGoroutine() {
        if (!Thread.currentThread().isVirtual()) {
            return false;
        }
        Dispatch d = dispatch;
        return d != null && d.exitSyscallIfGoroutine();
    }

    /** Virtual-thread routing: the scheduler to give a virtual thread whose builder named none, or null. */
    public static Executor schedulerForNewVirtualThread() {
        if (Thread.currentThread().isVirtual()) {
            return null; // the JDK rule applies: a child inherits its parent's scheduler
        }
        Dispatch d = dispatch;
        return d == null ? null : d.schedulerForNewVirtualThread();
    }
}
