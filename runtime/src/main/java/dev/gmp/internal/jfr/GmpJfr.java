package dev.gmp.internal.jfr;

import dev.gmp.internal.sched.Scheduler;
import jdk.jfr.FlightRecorder;

/**
 * Installs the {@code dev.gmp.*} JFR events on one runtime: the scheduler's event hooks and the periodic
 * samples. Every runtime installs them at construction; they cost nothing until a recording enables them
 * (settings: {@code gmp.jfc} on the class path root of the runtime and agent jars).
 */
public final class GmpJfr implements AutoCloseable {
    private final JfrSamples samples;

    private GmpJfr(JfrSamples samples) {
        this.samples = samples;
    }

    /** Installs the events on {@code sched}; returns a no-op handle if this JVM has no JFR. */
    public static AutoCloseable install(Scheduler sched, String runtimeName) {
        if (!FlightRecorder.isAvailable()) {
            return () -> {};
        }
        sched.setEvents(new JfrSchedEvents(sched.events(), sched.config().maxThreads()));
        JfrSamples s = new JfrSamples(sched, runtimeName);
        s.add();
        return new GmpJfr(s);
    }

    /** Removes the periodic hooks (the scheduler's hooks die with it). */
    @Override
    public void close() {
        samples.remove();
    }
}
