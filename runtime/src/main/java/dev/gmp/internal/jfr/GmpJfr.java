package dev.gmp.internal.jfr;

import dev.gmp.internal.sched.Scheduler;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Installs the {@code dev.gmp.*} JFR events on one runtime: the scheduler's event hooks at once (dormant until
 * Flight Recorder is initialized), the periodic samples when Flight Recorder is (or becomes) initialized. Settings: {@code gmp.jfc} at the root of the runtime
 * and agent jars.
 *
 * <p>Why the periodic samples wait: registering a periodic event initializes Flight Recorder (its metadata
 * repository, its threads), which costs hundreds of milliseconds of startup in a JVM that never records.
 * Rejected: registering in every runtime's constructor (that startup cost everywhere). Chosen: if the recorder
 * is already up ({@code -XX:StartFlightRecording}), register now; otherwise a {@link FlightRecorderListener}
 * registers them when the first recording initializes it ({@code jcmd JFR.start}, {@code new Recording()}).
 * The listener is called with the JDK's recorder lock held, so it initializes the event classes and registers
 * from a short-lived daemon thread rather than nest JFR's internal locks.
 */
public final class GmpJfr implements AutoCloseable {
    private final JfrSamples samples;
    private final FlightRecorderListener listener;

    private GmpJfr(JfrSamples samples, FlightRecorderListener listener) {
        this.samples = samples;
        this.listener = listener;
    }

    /** Installs the events on {@code sched}; returns a no-op handle if this JVM has no JFR. */
    public static AutoCloseable install(Scheduler sched, String runtimeName) {
        if (!FlightRecorder.isAvailable()) {
            return () -> {};
        }
        JfrSchedEvents events = new JfrSchedEvents(sched.events(), sched.config().maxThreads());
        sched.setEvents(events);
        JfrSamples s = new JfrSamples(sched, runtimeName);
        if (FlightRecorder.isInitialized()) {
            events.goLive();
            s.add();
            return new GmpJfr(s, null);
        }
        FlightRecorderListener l = new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                Thread t = new Thread(() -> {
                    events.goLive();
                    s.add();
                }, "gmp-jfr-register");
                t.setDaemon(true);
                t.start();
            }
        };
        FlightRecorder.addListener(l);
        return new GmpJfr(s, l);
    }

    /** Removes the periodic hooks and the listener (the scheduler's hooks die with it). */
    @Override
    public void close() {
        if (listener != null) {
            FlightRecorder.removeListener(listener);
        }
        samples.remove();
    }
}
