package dev.gmp.examples;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.WaitGroup;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Monitoring: the seeds' {@code monitorGMP} ({@code runtime.NumGoroutine} and {@code MemStats.Alloc} printed
 * periodically) and their {@code runtime/trace} example, JVM-style: a JFR recording with the {@code dev.gmp.*}
 * events (settings {@code gmp.jfc}), written to a file and read back. The workload ramps up to 20,000 parked
 * goroutines in four steps, does a burst of 10,000 short goroutines, blocks a few goroutines in syscalls,
 * then releases everything. Watch: the goroutine count and heap rise and fall with the load, and the recording
 * holds scheduler samples, thread starts and syscall handoffs you can open in JDK Mission Control.
 */
public final class Monitoring implements Example {
    /** The JFR file of the last run (for tests and for the user to open). */
    volatile Path lastRecording;
    /** {goroutines, heap KB} every 100 ms, and dev.gmp.* event counts by type, of the last run (for tests). */
    volatile List<int[]> lastSamples = List.of();
    volatile Map<String, Integer> lastEventCounts = Map.of();

    @Override
    public String name() {
        return "monitor";
    }

    @Override
    public String summary() {
        return "NumGoroutine + heap over time, and a JFR recording of dev.gmp.* events";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("A monitor goroutine prints NumGoroutine and heap every 100 ms (Go: runtime.NumGoroutine,\n"
                + "MemStats.Alloc) while the load ramps up and down; a JFR recording (gmp.jfc: per-P and\n"
                + "scheduler samples, thread starts, syscall handoffs, steals) runs along and is read back.");
        Path file = Files.createTempFile("gmp-monitor-", ".jfr");
        List<int[]> samples = new ArrayList<>();
        try (Recording rec = new Recording(gmpConfiguration())) {
            rec.enable("dev.gmp.WorkSteal");
            rec.enable("dev.gmp.SchedulerSample").withPeriod(Duration.ofMillis(100));
            rec.enable("dev.gmp.ProcessorSample").withPeriod(Duration.ofMillis(100));
            rec.start();
            Go.run(() -> workload(out, samples));
            rec.stop();
            rec.dump(file);
        }
        lastRecording = file;
        Map<String, Integer> counts = new TreeMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.startsWith("dev.gmp.")) {
                counts.merge(type, 1, Integer::sum);
            }
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        out.say(String.format("JFR recording (%,d KB): %,d dev.gmp.* events", Files.size(file) / 1024, total));
        counts.forEach((type, n) -> out.say(String.format("  %-28s %,8d", type, n)));
        out.say("open it in JDK Mission Control, or:\n  jfr print --events dev.gmp.SchedulerSample " + file);
        lastSamples = List.copyOf(samples);
        lastEventCounts = counts;
        int peak = samples.stream().mapToInt(s -> s[0]).max().orElse(0);
        return String.format("peak %,d goroutines; %,d dev.gmp.* JFR events in %d types", peak, total,
                counts.size());
    }

    /** The runtime's gmp.jfc (at the root of the runtime jar). */
    static Configuration gmpConfiguration() throws Exception {
        try (Reader r = new InputStreamReader(Monitoring.class.getResourceAsStream("/gmp.jfc"),
                StandardCharsets.UTF_8)) {
            return Configuration.create(r);
        }
    }

    private static void workload(Narrator out, List<int[]> samples) {
        Chan<Boolean> stop = Chan.make();
        WaitGroup monitor = new WaitGroup();
        long t0 = System.nanoTime();
        out.out().printf("   %8s %12s %12s   %s%n", "t (ms)", "goroutines", "heap (KB)", "phase");
        monitor.go(() -> {
            while (stop.tryRecv() == null) {
                sample(out, samples, t0);
                Go.sleep(Duration.ofMillis(100));
            }
        });
        Chan<Boolean> release = Chan.make();
        WaitGroup parked = new WaitGroup();
        for (int step = 1; step <= 4; step++) {
            phase = "ramp " + step + "/4";
            for (int i = 0; i < 5_000; i++) {
                parked.go(release::recv);
            }
            Go.sleep(Duration.ofMillis(120));
        }
        phase = "burst";
        WaitGroup burst = new WaitGroup();
        for (int i = 0; i < 10_000; i++) {
            burst.go(() -> Work.spin(5_000));
        }
        burst.await();
        phase = "syscalls";
        WaitGroup sys = new WaitGroup();
        for (int i = 0; i < 4; i++) {
            sys.go(() -> {
                try {
                    Blockers.fifoRead(Duration.ofMillis(100));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        sys.await();
        Go.sleep(Duration.ofMillis(100));
        // The monitor's samples come when its timer lets it run, which a loaded machine delays: one sample here,
        // where all 20,000 are certainly parked, and one at the end, after they are gone.
        sample(out, samples, t0);
        phase = "release";
        release.close();
        parked.await();
        Go.sleep(Duration.ofMillis(150));
        sample(out, samples, t0);
        stop.close();
        monitor.await();
    }

    /** One row: live goroutines and heap in use, printed and kept (read under the lock: kept in read order). */
    private static void sample(Narrator out, List<int[]> samples, long t0) {
        synchronized (samples) {
            int g = Go.numGoroutine();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
            samples.add(new int[] {g, (int) Math.min(Integer.MAX_VALUE, heap)});
            out.out().printf("   %8d %,12d %,12d   %s%n", (System.nanoTime() - t0) / 1_000_000, g, heap, phase);
        }
    }

    private static volatile String phase = "start";
}
