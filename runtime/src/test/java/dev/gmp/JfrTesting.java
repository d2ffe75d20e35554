package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.jfr.FlightRecorder;

/**
 * For tests that record GMP events in-process: GmpJfr turns the events on from a short-lived thread once the
 * first recording initializes Flight Recorder, so an event committed right after {@code new Recording()} can
 * be dropped. This waits until that thread has finished (its last step registers dev.gmp.ProcessorSample).
 */
public final class JfrTesting {
    private JfrTesting() {}

    public static void awaitGmpEventsLive() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (FlightRecorder.getFlightRecorder().getEventTypes().stream()
                .noneMatch(t -> t.getName().equals("dev.gmp.ProcessorSample"))) {
            assertTrue(System.nanoTime() < deadline, "GMP's JFR events never went live");
            Thread.sleep(10);
        }
    }
}
