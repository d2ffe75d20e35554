package dev.gmp.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Cooperative preemption (proc.go {@code preemptone}, {@code gp.preempt}; the JVM has no async preemption of a
 * virtual thread, so goroutines are preempted at poll points).
 *
 * <p>Sysmon sets {@code g.preempt} on a goroutine that has run for more than 10 ms on the same schedule tick,
 * and counts its runtime in {@link #flagged} while any of its goroutines is flagged. A poll point ({@link #poll()}:
 * runtime calls, and the polls the agent inserts in the loops and at the method entries of {@code preempt=}
 * packages) costs one static volatile read while no runtime has anything flagged. A flagged goroutine yields; the
 * scheduler puts a yielding goroutine on the global queue.
 *
 * <p>The fast path is one process-wide word because a poll cannot afford to find its runtime first. It is a count
 * of runtimes, not a flag: with a flag, each runtime's sysmon wrote its own answer every tick, so an idle runtime
 * cleared another's request on every tick and that runtime's goroutines were never preempted.
 */
public final class Preemption {
    private static final VarHandle FLAGGED;

    static {
        try {
            FLAGGED = MethodHandles.lookup().findStaticVarHandle(Preemption.class, "flagged", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Runtimes with a goroutine flagged now: each sysmon adds 1 when it flags and takes it back when it clears. */
    private static volatile int flagged;

    private Preemption() {}

    /** A poll point. */
    public static void poll() {
        if (flagged != 0) {
            pollSlow();
        }
    }

    /** Whether any runtime has a goroutine flagged (the poll's fast-path test). */
    static boolean anyFlagged() {
        return flagged != 0;
    }

    /** Sysmon only, on a change of its runtime's state: {@code +1} when it has flagged, {@code -1} when clear. */
    static void flaggedRuntimes(int delta) {
        FLAGGED.getAndAdd(delta);
    }

    private static void pollSlow() {
        Goroutine g = dev.gmp.internal.jdk.VirtualThreadAdapter.currentGoroutine();
        if (g != null && g.preempt) {
            g.preempt = false;
            Machine m = g.m;
            Processor pp = m != null ? m.p : null;
            if (pp != null) {
                pp.count(Processor.PREEMPTS);
                g.sched.events.preemption(g, pp, System.nanoTime() - g.preemptRunningSince);
            }
            Thread.yield(); // to the global queue (Scheduler.execute: m.curg == g)
        }
    }
}
