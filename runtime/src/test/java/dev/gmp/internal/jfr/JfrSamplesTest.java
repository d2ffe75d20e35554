package dev.gmp.internal.jfr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.GmpRuntime;
import dev.gmp.GmpStats;
import dev.gmp.JfrTesting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SchedulerSample latency quantiles cover the period since the previous event, not the time since start. */
class JfrSamplesTest {
    @TempDir
    Path dir;

    @Test
    void latencyWindowCountsOnlyLaterSamples() {
        double[] bounds = {1e-6, 1e-3, 1};
        GmpStats.LatencyStats earlier = new GmpStats.LatencyStats(bounds, new long[] {5, 0, 1}, 1.5);
        GmpStats.LatencyStats now = new GmpStats.LatencyStats(bounds, new long[] {9, 2, 1}, 1.6);
        GmpStats.LatencyStats window = now.since(earlier);
        assertArrayEquals(new long[] {4, 2, 0}, window.counts());
        assertEquals(0.1, window.sumSeconds(), 1e-9);
        assertEquals(1e-3, window.quantile(0.99));
        assertEquals(1.0, now.quantile(0.99), "since start, the old slow sample still sets p99");
        assertEquals(0, now.since(now).quantile(0.99), "an empty window has no quantile");
        assertEquals(now, now.since(null));
    }

    @Test
    void anIdlePeriodReportsNoLatency() throws Exception {
        Path file = dir.resolve("samples.jfr");
        try (GmpRuntime rt = GmpRuntime.builder().name("jfrsamples").gomaxprocs(2).build();
             Recording rec = new Recording()) {
            rec.enable(SchedulerSampleEvent.class).withPeriod(Duration.ofHours(1)); // only the calls below
            JfrTesting.awaitGmpEventsLive();
            rec.start();
            JfrSamples samples = new JfrSamples(rt.scheduler(), "jfrsamples-window");
            CountDownLatch done = new CountDownLatch(2_000);
            rt.run(() -> {
                for (int i = 0; i < 2_000; i++) {
                    rt.go(done::countDown);
                }
            });
            assertTrue(done.await(30, TimeUnit.SECONDS));
            samples.run(); // the period with the burst
            samples.run(); // nothing ran in between
            rec.stop();
            rec.dump(file);
        }
        List<RecordedEvent> ours = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.gmp.SchedulerSample"))
                .filter(e -> e.getString("runtime").equals("jfrsamples-window"))
                .sorted(Comparator.comparing(RecordedEvent::getStartTime)).toList();
        assertEquals(2, ours.size(), ours::toString);
        assertTrue(ours.get(0).getLong("schedLatencyP99") > 0, "the burst's transitions were sampled\n" + ours);
        assertEquals(0, ours.get(1).getLong("schedLatencyP99"), "the idle period's own quantile\n" + ours);
        assertEquals(0, ours.get(1).getLong("schedLatencyP50"), ours::toString);
    }
}
