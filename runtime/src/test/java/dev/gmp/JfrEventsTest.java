package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.internal.jfr.ProcessorSampleEvent;
import dev.gmp.internal.jfr.SchedulerSampleEvent;
import dev.gmp.internal.jfr.WorkStealEvent;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records a workload with the shipped gmp.jfc and reads the recording back. */
class JfrEventsTest {
    @TempDir
    Path dir;

    static Configuration gmpJfc() throws Exception {
        try (Reader r = new InputStreamReader(JfrEventsTest.class.getResourceAsStream("/gmp.jfc"),
                StandardCharsets.UTF_8)) {
            return Configuration.create(r);
        }
    }

    @Test
    void shippedSettingsKeepHighRateEventsOff() throws Exception {
        Map<String, String> s = gmpJfc().getSettings();
        assertEquals("false", s.get("dev.gmp.WorkSteal#enabled"));
        for (String e : List.of("ThreadStart", "SyscallHandoff", "Preemption", "GoroutineLeak", "Deadlock",
                "GoroutinePanic", "ProcessorSample", "SchedulerSample")) {
            assertEquals("true", s.get("dev.gmp." + e + "#enabled"), e);
        }
        assertEquals("1 s", s.get("dev.gmp.ProcessorSample#period"));
    }

    @Test
    void recordsTheWorkloadsEvents() throws Exception {
        Path file = dir.resolve("gmp.jfr");
        ByteArrayOutputStream reports = new ByteArrayOutputStream();
        try (GmpRuntime rt = GmpRuntime.builder().name("jfrtest").gomaxprocs(2).maxThreads(64)
                .err(new PrintStream(reports, true)).onFatal(m -> {}).build();
             Recording rec = new Recording(gmpJfc())) {
            rec.enable(WorkStealEvent.class); // off in gmp.jfc: a short recording may turn it on
            rec.enable(ProcessorSampleEvent.class).withPeriod(Duration.ofMillis(100));
            rec.enable(SchedulerSampleEvent.class).withPeriod(Duration.ofMillis(100));
            JfrTesting.awaitGmpEventsLive();
            rec.start();
            workload(rt);
            Thread.sleep(350); // at least two sampling periods
            rec.stop();
            rec.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Map<String, List<RecordedEvent>> byName = events.stream()
                .filter(e -> e.getEventType().getName().startsWith("dev.gmp."))
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));

        for (List<RecordedEvent> list : byName.values()) {
            assertEquals("GMP", list.get(0).getEventType().getCategoryNames().get(0));
        }
        List<RecordedEvent> starts = byName.get("dev.gmp.ThreadStart");
        assertNotNull(starts, "ThreadStart recorded");
        assertTrue(starts.stream().allMatch(e -> e.getLong("machineId") >= 1 && e.getInt("threadLimit") == 64));
        Set<Integer> counts = starts.stream().map(e -> e.getInt("threads")).collect(Collectors.toSet());
        assertEquals(starts.size(), counts.size(), "each start counts a new M");

        List<RecordedEvent> panics = byName.get("dev.gmp.GoroutinePanic");
        assertEquals(1, panics.size());
        assertEquals("java.lang.IllegalStateException", panics.get(0).getString("exception"));
        assertEquals("boom", panics.get(0).getString("message"));
        assertTrue(panics.get(0).getString("stack").contains("panic: java.lang.IllegalStateException: boom"));
        assertTrue(panics.get(0).getLong("goid") > 1);
        assertTrue(panics.get(0).getString("createdBy").startsWith("dev.gmp.JfrEventsTest.lambda$workload$"),
                panics.get(0).getString("createdBy"));

        List<RecordedEvent> handoffs = byName.get("dev.gmp.SyscallHandoff");
        assertNotNull(handoffs, "SyscallHandoff recorded");
        Set<String> causes = handoffs.stream().map(e -> e.getString("cause")).collect(Collectors.toSet());
        assertEquals(Set.of("sysmon", "block"), causes);
        assertTrue(handoffs.stream().filter(e -> e.getString("cause").equals("sysmon"))
                .allMatch(e -> e.getDuration("syscallDuration").toNanos() > 0 && e.getLong("fromMachineId") == -1));
        assertTrue(handoffs.stream().filter(e -> e.getString("cause").equals("block"))
                .allMatch(e -> e.getLong("fromMachineId") >= 1));

        List<RecordedEvent> preempts = byName.get("dev.gmp.Preemption");
        assertNotNull(preempts, "Preemption recorded");
        assertTrue(preempts.stream().allMatch(e -> e.getLong("goid") >= 1 && e.getInt("processor") >= 0
                && e.getInt("processor") < 2), preempts::toString);
        assertTrue(preempts.stream().anyMatch(e -> e.getStackTrace().getFrames().stream()
                .anyMatch(f -> f.getMethod().getName().startsWith("lambda$workload$"))),
                "the spinning goroutine's stack is kept");
        // sysmon flags a goroutine 10 ms after it first saw its schedule tick; ranFor counts from that sighting.
        assertTrue(preempts.stream().allMatch(e -> e.getDuration("ranFor").toMillis() >= 10), preempts::toString);

        List<RecordedEvent> steals = byName.get("dev.gmp.WorkSteal");
        assertNotNull(steals, "WorkSteal recorded when enabled");
        assertTrue(steals.stream().allMatch(e -> e.getInt("goroutines") >= 1
                && e.getInt("processor") != e.getInt("victim")));

        RecordedEvent leak = byName.get("dev.gmp.GoroutineLeak").get(0);
        assertEquals(77, leak.getLong("goid"));
        assertEquals("chan receive", leak.getString("waitReason"));
        assertEquals(Duration.ofMinutes(6), leak.getDuration("blockedFor"));
        assertTrue(leak.getString("lastStack").startsWith("goroutine 77 [chan receive, 6 minutes]:\n"));
        RecordedEvent dl = byName.get("dev.gmp.Deadlock").get(0);
        assertEquals(3, dl.getInt("goroutines"));

        List<RecordedEvent> ps = byName.get("dev.gmp.ProcessorSample");
        assertNotNull(ps, "ProcessorSample recorded");
        Set<Integer> seen = new TreeSet<>();
        for (RecordedEvent e : ps) {
            if (e.getString("runtime").equals("jfrtest")) {
                seen.add(e.getInt("processor"));
            }
        }
        assertEquals(Set.of(0, 1), seen, "one sample per P");
        long perPeriod = ps.stream().filter(e -> e.getString("runtime").equals("jfrtest")).count();
        List<RecordedEvent> ss = byName.get("dev.gmp.SchedulerSample").stream()
                .filter(e -> e.getString("runtime").equals("jfrtest"))
                .sorted(java.util.Comparator.comparing(RecordedEvent::getStartTime)).toList();
        assertTrue(ss.size() >= 2, "sampled every period: " + ss.size());
        // The two periodic hooks run in the same pass, but stopping the recording may fall between them once.
        assertTrue(Math.abs(2 * ss.size() - perPeriod) <= 2,
                "two ProcessorSamples for each SchedulerSample: " + perPeriod + " for " + ss.size());
        RecordedEvent last = ss.get(ss.size() - 1);
        assertEquals(2, last.getInt("gomaxprocs"));
        assertTrue(last.getLong("goroutinesCreated") >= 200, () -> "created " + last.getLong("goroutinesCreated")
                + " in the last of " + ss);
        assertTrue(last.getLong("panics") == 1 && last.getLong("preemptions") >= 1
                && last.getLong("syscallHandoffs") >= 2);
        assertTrue(last.getInt("threads") >= starts.size());

        // The JDK's own tool lists them.
        String summary = run(jdkTool("jfr"), "summary", file.toString());
        for (String name : byName.keySet()) {
            assertTrue(summary.contains(name), name + " in jfr summary:\n" + summary);
        }
        assertTrue(byName.keySet().containsAll(List.of("dev.gmp.ThreadStart", "dev.gmp.WorkSteal",
                "dev.gmp.SyscallHandoff", "dev.gmp.Preemption", "dev.gmp.GoroutineLeak", "dev.gmp.Deadlock",
                "dev.gmp.GoroutinePanic", "dev.gmp.ProcessorSample", "dev.gmp.SchedulerSample")), byName.keySet()::toString);
    }

    private static void workload(GmpRuntime rt) throws Exception {
        CountDownLatch done = new CountDownLatch(200);
        rt.run(() -> {
            // Steals: a burst of goroutines on one P, with another P idle.
            for (int i = 0; i < 200; i++) {
                rt.go(() -> {
                    long x = 0;
                    for (int k = 0; k < 20_000; k++) {
                        x += k * 31L;
                    }
                    if (x == 42) {
                        System.out.println(x);
                    }
                    done.countDown();
                });
            }
            // A syscall that lasts: sysmon retakes its P (cause sysmon).
            try {
                rt.syscall(() -> {
                    // Busy for 30 ms: the carrier really is occupied (a sleep would park and unmount instead).
                    long end = System.nanoTime() + 30_000_000L;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    return null;
                });
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            // A syscall known to block: handed off at once (cause block).
            if (rt.scheduler().syscalls().enterBlock()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                } finally {
                    rt.scheduler().syscalls().exit();
                }
            }
            // A goroutine that runs with poll points until it has been preempted (sysmon flags it after 10 ms of
            // one schedule tick; on a loaded machine sysmon itself may take longer to get there), 20 s at most.
            CountDownLatch spun = new CountDownLatch(1);
            long preemptedBefore = rt.stats().preemptions();
            rt.go(() -> {
                long end = System.nanoTime() + 20_000_000_000L;
                while (rt.stats().preemptions() == preemptedBefore && System.nanoTime() < end) {
                    for (int i = 0; i < 10_000; i++) {
                        dev.gmp.internal.sched.Preemption.poll();
                    }
                }
                spun.countDown();
            });
            // A panic.
            rt.go(() -> {
                throw new IllegalStateException("boom");
            });
            try {
                assertTrue(spun.await(30, TimeUnit.SECONDS));
                assertTrue(done.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        // The detectors' hooks (deadlock, proven leak) commit through the same installed events.
        StackTraceElement site = new StackTraceElement("com.acme.Main", "main", "Main.java", 12);
        StackTraceElement frame = new StackTraceElement("com.acme.Worker", "run", "Worker.java", 42);
        rt.scheduler().events().goroutineLeak(77, 1, "chan receive", Duration.ofMinutes(6).toNanos(),
                new StackTraceElement[] {site}, new StackTraceElement[] {frame});
        rt.scheduler().events().deadlock(3, "goroutine 1 [chan receive]:\n");
        Thread.sleep(100); // the panicking goroutine's report is done on its own thread
    }

    static Path jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name);
    }

    static String run(Path tool, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    static String read(Path p) throws Exception {
        return Files.readString(p);
    }
}
