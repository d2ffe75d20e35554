package dev.gmp.agent.bootstrap;

import java.util.concurrent.Executor;

/**
 * The bootstrap bridge: the only class that advice woven into {@code java.*} classes may call (OpenTelemetry's
 * "bootstrap" layer). The agent defines it in the bootstrap class loader before any rewrite, so
 * {@code java.io.FileInputStream} and {@code jdk.internal.misc.Blocker} can link against it; the runtime it
 * dispatches to lives in the application class loader and is reached through {@link #dispatch}.
 *
 * <p>This is the one necessary static of the agent (docs/architecture.md §4.8). It must stay tiny and must not reference any
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

        /** Whether the current goroutine's P has other goroutines queued; false if it is not a goroutine. */
        boolean queuedWorkOnP();
    }

    /** Installed once by the agent's premain; null until then (every hook is then a no-op). */
    private static volatile Dispatch dispatch;

    private GmpBridge() {}

    /** Agent only. */
    public static void install(Dispatch d) {
        dispatch = d;
    }

    // Every hook below is called from rewritten code (JDK or application) and must never throw: a failure in
    // the runtime must not become an exception in a FileInputStream.read.

    /** entersyscall, if the caller is a goroutine holding a P. Rewritten code keeps the result for the exit. */
    public static boolean enterSyscall() {
        if (!Thread.currentThread().isVirtual()) {
            return false;
        }
        Dispatch d = dispatch;
        try {
            return d != null && d.enterSyscall();
        } catch (Throwable t) {
            return false;
        }
    }

    /** exitsyscall if {@code entered} (the result of {@link #enterSyscall} at the same call's entry). */
    public static void exitSyscall(boolean entered) {
        if (entered) {
            Dispatch d = dispatch;
            try {
                d.exitSyscall();
            } catch (Throwable ignored) {
                // nothing sensible to do in the middle of a file read
            }
        }
    }

    /**
     * {@code jdk.internal.misc.Blocker.begin()} (JDK 23+) returned {@code attempted}. A goroutine's carrier is
     * never a {@code CarrierThread}, so the JDK's own answer for a goroutine is always false; we turn it into true
     * when entersyscall happened, and {@link #blockerEnding} recognises it.
     */
    public static boolean blockerBegun(boolean attempted) {
        return attempted || enterSyscall();
    }

    /**
     * {@code Blocker.end(attempted)} is about to run: on a goroutine, "attempted" can only be ours, so exitsyscall
     * and let the JDK body see false (nothing to undo); elsewhere the JDK's value goes through unchanged.
     */
    public static boolean blockerEnding(boolean attempted) {
        if (attempted && Thread.currentThread().isVirtual()) {
            Dispatch d = dispatch;
            try {
                if (d != null && d.exitSyscallIfGoroutine()) {
                    return false;
                }
            } catch (Throwable ignored) {
                return false;
            }
        }
        return attempted;
    }

    /** JDK 21/22's {@code long Blocker.begin()}: 0 means no ForkJoinPool compensation; 1 marks our syscall. */
    public static long blockerBegunLong(long comp) {
        return comp == 0 && enterSyscall() ? 1 : comp;
    }

    /** JDK 21/22's {@code Blocker.end(long)}. */
    public static long blockerEndingLong(long comp) {
        return comp > 0 && !blockerEnding(true) ? 0 : comp;
    }

    /**
     * {@code ForkJoinWorkerThread.hasKnownQueuedWork()} returned {@code jdkAnswer}: on a goroutine (whose carrier is
     * never a ForkJoin worker, so the JDK's answer is always false) the answer is its P's instead. Called only by
     * waiters about to spin ({@code LinkedTransferQueue}, {@code Exchanger}); on a platform thread it costs one
     * {@code isVirtual} check.
     */
    public static boolean knownQueuedWork(boolean jdkAnswer) {
        Dispatch d = dispatch;
        if (jdkAnswer || d == null || !Thread.currentThread().isVirtual()) {
            return jdkAnswer;
        }
        try {
            return d.queuedWorkOnP();
        } catch (Throwable t) {
            return false; // the JDK's own answer on a goroutine: spin
        }
    }

    /**
     * {@code Phaser.internalAwaitAdvance} read {@code SPINS_PER_ARRIVAL} ({@code jdkSpins}), the spins it adds per
     * arrival before it queues and blocks: none on a goroutine whose P has other goroutines queued (its partner
     * cannot run before the spin ends), as {@link #knownQueuedWork} answers; else the JDK's count.
     */
    public static int spinsPerArrival(int jdkSpins) {
        return knownQueuedWork(false) ? 0 : jdkSpins;
    }

    /**
     * Virtual-thread routing, at the entry of {@code ThreadBuilders.newVirtualThread(scheduler, ...)}: a null
     * scheduler from a platform thread becomes GMP's; anything else is returned unchanged.
     */
    public static Executor schedulerFor(Executor scheduler) {
        if (scheduler != null || Thread.currentThread().isVirtual()) {
            return scheduler; // an explicit scheduler, or the JDK's rule: a child inherits its parent's
        }
        Dispatch d = dispatch;
        try {
            return d == null ? null : d.schedulerForNewVirtualThread();
        } catch (Throwable t) {
            return null;
        }
    }
}
