package dev.gmp.internal.sched;

/**
 * Cooperative preemption (proc.go {@code preemptone}, {@code gp.preempt}; the JVM has no async preemption of a
 * virtual thread, so goroutines are preempted at poll points).
 *
 * <p>Sysmon sets {@code g.preempt} on a goroutine that has run for more than 10 ms on the same schedule tick,
 * and raises {@link #requested}. A poll point ({@link #poll()}: runtime calls, and the polls the agent inserts in
 * the loops and at the method entries of {@code preempt=} packages) costs one static volatile read while nothing
 * is requested. A flagged goroutine yields; the scheduler puts a yielding goroutine on the global queue.
 */
public final class Preemption {
    /** Raised by sysmon while any goroutine is flagged; recomputed every sysmon tick. The poll's fast path. */
    public static volatile boolean requested;

    private Preemption() {}

    /** A poll point. */
    public static void poll() {
        if (requested) {
            pollSlow();
        }
    }

    private static void pollSlow() {
        Thread t = Thread.currentThread();
        if (!t.isVirtual()) {
            return;
        }
        if (dev.gmp.internal.jdk.JdkInternals.get().rawHandler(t) instanceof Goroutine g && g.preempt) {
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
