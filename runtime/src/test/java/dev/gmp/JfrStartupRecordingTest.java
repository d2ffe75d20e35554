package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -XX:StartFlightRecording:settings=gmp.jfc} in a forked JVM records the GMP events. */
class JfrStartupRecordingTest {
    @TempDir
    Path dir;

    /** The forked program: a runtime doing some work for a little more than one sampling period. */
    public static final class Workload {
        public static void main(String[] args) throws Exception {
            if (args.length > 0 && args[0].equals("idle")) {
                try (GmpRuntime rt = GmpRuntime.builder().gomaxprocs(2).build()) {
                    rt.run(() -> rt.go(() -> { }));
                    System.out.print("jfr-initialized=" + jdk.jfr.FlightRecorder.isInitialized());
                }
                return;
            }
            try (GmpRuntime rt = GmpRuntime.builder().name("forked").gomaxprocs(2).build()) {
                rt.run(() -> {
                    long end = System.nanoTime() + 1_300_000_000L;
                    while (System.nanoTime() < end) {
                        for (int i = 0; i < 50; i++) {
                            rt.go(() -> {});
                        }
                        try {
                            rt.syscall(() -> {
                                Thread.sleep(15);
                                return null;
                            });
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }
                });
            }
        }
    }

    /** Without a recording, a runtime must not initialize Flight Recorder (hundreds of ms of startup). */
    @Test
    void noRecordingNoFlightRecorder() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), Workload.class.getName(),
                "idle").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertTrue(out.contains("jfr-initialized=false"), out);
        assertTrue(out.contains(" dev.gmp.internal.jfr.JfrSchedEvents "), "the event hooks are installed");
        assertTrue(out.contains(" dev.gmp.internal.jfr.SyscallHandoffEvent "),
                "event classes are loaded at install, never by a hook on a scheduler path");
        // Periodic-event registration (PeriodicEvents) is what pulls in the recorder's metadata machinery.
        assertFalse(out.contains(" jdk.jfr.internal.periodic.PeriodicEvents ")
                || out.contains(" jdk.jfr.internal.MetadataRepository "), "JFR's machinery stays unloaded");
    }

    @Test
    void startFlightRecordingWithGmpJfc() throws Exception {
        Path jfc = dir.resolve("gmp.jfc");
        try (var in = getClass().getResourceAsStream("/gmp.jfc")) {
            Files.copy(in, jfc);
        }
        Path jfr = dir.resolve("startup.jfr");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-XX:StartFlightRecording:settings=" + jfc + ",filename=" + jfr,
                "-cp", System.getProperty("java.class.path"), Workload.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);

        Map<String, List<RecordedEvent>> byName = RecordingFile.readAllEvents(jfr).stream()
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));
        assertTrue(byName.containsKey("dev.gmp.ThreadStart"), byName.keySet()::toString);
        assertTrue(byName.containsKey("dev.gmp.SyscallHandoff"), byName.keySet()::toString);
        assertFalse(byName.containsKey("dev.gmp.WorkSteal"), "WorkSteal is off in gmp.jfc");
        assertFalse(byName.containsKey("jdk.ThreadPark"), "gmp.jfc records only GMP events");
        List<RecordedEvent> samples = byName.get("dev.gmp.SchedulerSample");
        assertNotNull(samples, byName.keySet()::toString);
        assertTrue(samples.stream().anyMatch(e -> e.getString("runtime").equals("forked")
                && e.getInt("gomaxprocs") == 2 && e.getLong("syscalls") > 0));
        assertTrue(byName.get("dev.gmp.ProcessorSample").stream()
                .filter(e -> e.getString("runtime").equals("forked")).count() >= 2);

        String printed = JfrEventsTest.run(JfrEventsTest.jdkTool("jfr"), "print", "--events", "dev.gmp.*",
                jfr.toString());
        assertTrue(printed.contains("dev.gmp.SchedulerSample {") && printed.contains("gomaxprocs = 2"), printed);
    }
}
