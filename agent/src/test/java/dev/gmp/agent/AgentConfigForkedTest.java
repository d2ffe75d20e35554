package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testapp.Hello;
import dev.gmp.testapp.Routing;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Configuration sources, fail-fast on bad input, the banner, leak mode, virtual-thread routing. */
class AgentConfigForkedTest {

    @Test
    @Timeout(60)
    void agentArgumentsWinOverPropertiesAndEnvironment() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(Hello.class).agentArgs("gomaxprocs=3")
                .jvm("-Dgmp.gomaxprocs=2", "-Dgmp.maxthreads=777").env("GMP_GOMAXPROCS", "4")
                .env("GOMAXPROCS", "5").run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(3, r.value("gomaxprocs"), r.toString());
        assertEquals(777, r.value("threads_limit"), r.toString());
        List<String> banner = r.errLines();
        assertEquals(1, banner.size(), "a quiet start: the banner line and nothing else, no JVM warning\n" + r);
        assertTrue(banner.get(0).startsWith("gmp-agent: ") && banner.get(0).length() <= 160,
                "one short banner line\n" + r);
        assertTrue(banner.get(0).contains("GOMAXPROCS=3"), r.toString());
        assertTrue(banner.get(0).contains("jdk.trackAllThreads=false"), "leak mode said once\n" + r);
        assertTrue(r.out().contains("track_all_threads=false"), r.toString());
        assertTrue(r.out().contains("leak_threshold_ms=300000"), r.toString());
        assertEquals(0, r.value("other_non_daemon_threads"), "the agent and runtime start only daemons\n" + r);
    }

    @Test
    @Timeout(60)
    void gosOwnEnvironmentIsHonouredAndTheBannerCanBeSwitchedOff() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(Hello.class, "300")
                .agentArgs("banner=off,leaks=suspected,leak.threshold=90s")
                .env("GOMAXPROCS", "2").env("GODEBUG", "schedtrace=50").run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(2, r.value("gomaxprocs"), r.toString());
        assertTrue(r.errLines().stream().noneMatch(l -> l.startsWith("gmp-agent")), "no banner\n" + r);
        assertTrue(r.out().contains("track_all_threads=null"), "leaks=suspected keeps JDK tracking\n" + r);
        assertTrue(r.out().contains("leak_threshold_ms=90000"), "the default runtime got the agent's threshold\n" + r);
        assertTrue(r.out().contains("leak_note=leaks=suspected"), r.toString());
        assertTrue(r.out().contains("gmp_leaks_property=null"), "told to the runtime, not through a property\n" + r);
        assertEquals(0, r.value("other_non_daemon_threads"), "schedtrace's runtime runs on daemons\n" + r);
        assertTrue(r.err().contains("SCHED ") && r.err().contains("gomaxprocs=2"), "GODEBUG=schedtrace honoured\n"
                + r);
    }

    @Test
    @Timeout(60)
    void environmentVariablesAreASource() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(Hello.class).agentArgs("banner=off").env("GMP_GOMAXPROCS", "1")
                .env("GMP_MAXTHREADS", "64").run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1, r.value("gomaxprocs"), r.toString());
        assertEquals(64, r.value("threads_limit"), r.toString());
    }

    private static void assertRejected(ForkedJvm f, String lead, String mustMention) throws Exception {
        ForkedJvm.Result r = f.run();
        assertEquals(1, r.exit(), r.toString());
        assertFalse(r.out().contains("main started"), "the JVM must not start the application\n" + r);
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), "exactly one line\n" + r);
        assertTrue(lines.get(0).startsWith("gmp-agent: " + lead), r.toString());
        assertTrue(lines.get(0).contains(mustMention), r.toString());
    }

    @Test
    @Timeout(180)
    void badInputIsOneLineAndTheJvmDoesNotStart() throws Exception {
        assertRejected(ForkedJvm.main(Hello.class).agentArgs("gomaxprocs=0"), "gomaxprocs=0", "an integer >= 1");
        assertRejected(ForkedJvm.main(Hello.class).agentArgs("colour=blue"), "colour", "valid: gomaxprocs");
        assertRejected(ForkedJvm.main(Hello.class).agentArgs("virtualthreads=loom"), "virtualthreads=loom",
                "gmp, jdk");
        assertRejected(ForkedJvm.main(Hello.class).agentArgs("blocking=com.acme.Dao.query"),
                "blocking=com.acme.Dao.query", "Class#method");
        assertRejected(ForkedJvm.main(Hello.class).agentArgs("blocking.file=/nonexistent/patterns.txt"),
                "blocking.file=/nonexistent/patterns.txt", "no such readable file");
        assertRejected(ForkedJvm.main(Hello.class).agentArgs("leak.threshold=5"), "leak.threshold=5", "duration");
        assertRejected(ForkedJvm.main(Hello.class).jvm("-Dgmp.leaks=maybe"), "-Dgmp.leaks=maybe",
                "proven, suspected, off");
        assertRejected(ForkedJvm.main(Hello.class).env("GMP_PANIC", "crash"), "GMP_PANIC=crash", "log, exit");
        assertRejected(ForkedJvm.main(Hello.class).agentArgs("preempt=java.util"), "preempt=java.util",
                "application package");
        assertRejected(ForkedJvm.main(Hello.class).agentArgs("prometheus=70000"), "prometheus=70000",
                "port 1 to 65535");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            assertRejected(ForkedJvm.main(Hello.class).agentArgs("prometheus=127.0.0.1:" + port),
                    "prometheus=127.0.0.1:" + port, "cannot listen");
        }
    }

    @Test
    @Timeout(60)
    void prometheusOptionServesMetricsAndDebugEndpoints() throws Exception {
        int port = ForkedJvm.freeLoopbackPort();
        ForkedJvm.Result r = ForkedJvm.main(dev.gmp.testapp.MetricsSelf.class, "" + port)
                .agentArgs("prometheus=" + port).run();
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("/metrics status=200"), r.toString());
        assertTrue(r.out().contains("gmp_goroutines_started_total"), r.toString());
        assertTrue(r.out().contains("/debug/gmp/sched status=200"), r.toString());
        assertTrue(r.out().contains("SCHED "), r.toString());
        assertTrue(r.errLines().stream().anyMatch(l -> l.contains("metrics=http://127.0.0.1:" + port + "/metrics")),
                "the banner names the endpoint\n" + r);
    }

    @Test
    @Timeout(60)
    void theExporterStopsItsListenerWhenTheJvmExits() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(dev.gmp.testapp.ExitWithExporter.class)
                .agentArgs("banner=off,prometheus=" + ForkedJvm.freeLoopbackPort()).run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1, r.value("dispatchers_before_exit"), "the exporter's listener was running\n" + r);
        assertEquals(0, r.value("dispatchers_alive_at_exit"),
                "stopped by the exporter's shutdown hook, not left for HotSpot's 300 ms wait at exit\n" + r);
    }

    /**
     * Go runs {@code GOMAXPROCS=abc GODEBUG=schedtrace=abc ./prog} with the CPU count and no trace; so does a JVM
     * with the agent, saying once what it ignored. A long schedtrace period still prints {@code SCHED 0ms} at start,
     * as Go's sysmon does on its first tick. Go 1.19 on this 2-core machine, a program printing
     * {@code runtime.GOMAXPROCS(0)}: {@code GOMAXPROCS=abc} and {@code GODEBUG=schedtrace=abc} print {@code 2}
     * and exit 0, nothing else; {@code GODEBUG=schedtrace=600000,scheddetail=2} starts with
     * <pre>
     * SCHED 0ms: gomaxprocs=2 idleprocs=1 threads=2 spinningthreads=0 idlethreads=0 runqueue=0 gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0
     *   P0: status=1 schedtick=0 syscalltick=0 m=0 runqsize=0 gfreecnt=0 timerslen=0
     * </pre>
     */
    @Test
    @Timeout(60)
    void gosOwnVariablesAreReadAsGoReadsThem() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(Hello.class).agentArgs("banner=off").env("GOMAXPROCS", "abc")
                .env("GODEBUG", "schedtrace=abc").run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(Runtime.getRuntime().availableProcessors(), r.value("gomaxprocs"), r.toString());
        assertEquals(List.of(
                "gmp: warning: GOMAXPROCS=abc ignored: not a positive integer (Go ignores it too and uses the CPU count)",
                "gmp: warning: GODEBUG schedtrace=abc ignored: not an integer (Go ignores it too)"), r.errLines());

        ForkedJvm.Result t = ForkedJvm.main(Hello.class).agentArgs("banner=off")
                .env("GODEBUG", "schedtrace=600000,scheddetail=2").run();
        assertEquals(0, t.exit(), t.toString());
        // printed at start although the period is ten minutes (how many ms in depends on class loading)
        assertTrue(t.err().startsWith("SCHED ") && t.err().contains("ms: gomaxprocs="), "the first line at start\n" + t);
        assertTrue(t.err().contains("\n  P0: status="), "scheddetail=2 is on, as any value above 0\n" + t);
    }

    @Test
    @Timeout(60)
    void withoutContinuationsTheAgentWarnsOnceAndTheApplicationRuns() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(dev.gmp.testapp.PlainVirtualThreads.class)
                .jvm("-XX:+UnlockExperimentalVMOptions", "-XX:-VMContinuations").run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(100, r.value("virtual_threads_done"), r.toString());
        assertEquals(1, r.errLines().size(), "one warning and nothing else\n" + r);
        assertTrue(r.errLines().get(0).startsWith("gmp-agent: warning: ")
                && r.errLines().get(0).contains("-XX:-VMContinuations"), r.toString());
    }

    /**
     * A JVM too old for the runtime loads the agent's entry point, which warns once and stays off; without it the
     * JVM would abort on the runtime's class files. On the JDK 17 to 20 that {@code gmp.test.old.java.home} names
     * (pom.xml), where there is one.
     */
    @Test
    @Timeout(60)
    void onAJvmTooOldTheAgentWarnsOnceAndTheApplicationRuns(@TempDir Path dir) throws Exception {
        Path home = Path.of(System.getProperty("gmp.test.old.java.home", "none"));
        Assumptions.assumeTrue(Files.isExecutable(home.resolve("bin/java")), "no JDK older than 21 at " + home);
        Path hello = dir.resolve("Hello.java");
        Files.writeString(hello, "public class Hello { public static void main(String[] a) {"
                + " System.out.println(\"app_ran=1\"); } }");
        ForkedJvm.Result r = ForkedJvm.sourceFile(hello).javaHome(home).run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1, r.value("app_ran"), r.toString());
        assertEquals(1, r.errLines().size(), "one warning and nothing else\n" + r);
        assertTrue(r.errLines().get(0).matches("gmp-agent: warning: this JVM is Java (1[7-9]|20) \\(.+\\); the agent"
                + " needs Java 21 or later, so it stays off and the application runs as without it"), r.toString());
    }

    @Test
    @Timeout(60)
    void virtualThreadsFromPlatformThreadsBecomeGoroutines() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(Routing.class).agentArgs("banner=off").run();
        assertEquals(0, r.exit(), r.toString());
        long n = r.value("virtual_threads");
        assertEquals(n, r.value("as_goroutines"), "every routed virtual thread is a goroutine\n" + r);
        assertTrue(r.value("created") >= n, "the stats count them as created\n" + r);
        assertTrue(r.value("per_p_schedtick") >= n, "per-P counters moved\n" + r);
    }

    @Test
    @Timeout(60)
    void virtualthreadsJdkLeavesThemAlone() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(Routing.class).agentArgs("banner=off,virtualthreads=jdk").run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(0, r.value("as_goroutines"), r.toString());
        assertEquals(0, r.value("created"), r.toString());
        assertEquals(1, r.value("go_goid_nonzero"), "Go.go still works\n" + r);
    }
}
