package dev.gmp.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.GmpConfigException;
import dev.gmp.internal.leak.LeakDetector;
import dev.gmp.internal.leak.LeakLog;
import dev.gmp.internal.sched.SchedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    private static final Properties NONE = new Properties();

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static String reject(String args, Properties p, Map<String, String> env) {
        return assertThrows(GmpConfigException.class, () -> AgentConfig.parse(args, p, env)).getMessage();
    }

    @Test
    void defaults() {
        AgentConfig c = AgentConfig.parse(null, NONE, Map.of());
        assertNull(c.gomaxprocs);
        assertNull(c.maxThreads);
        assertEquals(0, c.schedtraceMillis);
        assertNull(c.prometheus);
        assertTrue(c.debugEndpoints);
        assertEquals(AgentConfig.VirtualThreads.GMP, c.virtualThreads);
        assertEquals(LeakDetector.Mode.PROVEN, c.leaks);
        assertEquals(Duration.ofMinutes(5), c.leakThreshold);
        assertTrue(c.blocking.isEmpty());
        assertTrue(c.preempt.isEmpty());
        assertEquals(SchedConfig.Panic.LOG, c.panic);
        assertEquals(List.of(), c.warnings);
        assertTrue(c.banner);
    }

    @Test
    void precedenceAgentArgsThenPropertiesThenGmpEnvThenGoEnv() {
        Map<String, String> env = Map.of("GOMAXPROCS", "5", "GMP_GOMAXPROCS", "4", "GODEBUG",
                "madvdontneed=1,schedtrace=250,scheddetail=1");
        assertEquals(3, AgentConfig.parse("gomaxprocs=3", props("gmp.gomaxprocs", "2"), env).gomaxprocs);
        assertEquals(2, AgentConfig.parse("", props("gmp.gomaxprocs", "2"), env).gomaxprocs);
        assertEquals(4, AgentConfig.parse("", NONE, env).gomaxprocs);
        assertEquals(5, AgentConfig.parse("", NONE, Map.of("GOMAXPROCS", "5")).gomaxprocs);
        AgentConfig c = AgentConfig.parse("", NONE, env);
        assertEquals(250, c.schedtraceMillis);
        assertTrue(c.scheddetail);
        assertEquals(1000, AgentConfig.parse("schedtrace=1000", NONE, env).schedtraceMillis);
    }

    @Test
    void everyKeyParses() {
        AgentConfig c = AgentConfig.parse("gomaxprocs=2,maxthreads=50,schedtrace=1000,scheddetail=1,"
                + "prometheus=0.0.0.0:9464,debug.endpoints=off,virtualthreads=jdk,"
                + "blocking=com.acme.Dao#query;com.acme.Native#*,preempt=com.acme.;org.example.compute,"
                + "leaks=suspected,leak.threshold=1h30m,leak.log=stderr,panic=exit,banner=off", NONE, Map.of());
        assertEquals(2, c.gomaxprocs);
        assertEquals(50, c.maxThreads);
        assertEquals(new AgentConfig.HostPort("0.0.0.0", 9464), c.prometheus);
        assertFalse(c.debugEndpoints);
        assertEquals(AgentConfig.VirtualThreads.JDK, c.virtualThreads);
        assertEquals(List.of(new BlockingPattern("com.acme.Dao", "query"), new BlockingPattern("com.acme.Native", "*")),
                c.blocking);
        assertEquals(List.of("com.acme.", "org.example.compute"), c.preempt);
        assertEquals(LeakDetector.Mode.SUSPECTED, c.leaks);
        assertEquals(Duration.ofMinutes(90), c.leakThreshold);
        assertEquals(LeakLog.Mode.STDERR, c.leakLog);
        assertEquals(LeakLog.Mode.LOGGER, AgentConfig.parse("", NONE, Map.of()).leakLog);
        assertEquals(SchedConfig.Panic.EXIT, c.panic);
        assertFalse(c.banner);
        assertEquals(new AgentConfig.HostPort("127.0.0.1", 9464),
                AgentConfig.parse("prometheus=9464", NONE, Map.of()).prometheus);
        assertEquals(new AgentConfig.HostPort("::1", 9464),
                AgentConfig.parse("prometheus=[::1]:9464", NONE, Map.of()).prometheus);
    }

    @Test
    void badValuesNameTheKeyAsWrittenAndTheValidValues() {
        assertEquals("gomaxprocs=0: invalid value; valid: an integer >= 1",
                reject("gomaxprocs=0", NONE, Map.of()));
        // Go's own variables never stop the JVM: a value Go ignores is ignored (and kept in warnings)
        assertNull(AgentConfig.parse("", NONE, Map.of("GOMAXPROCS", "lots")).gomaxprocs);
        assertEquals(0, AgentConfig.parse("", NONE, Map.of("GODEBUG", "schedtrace=abc")).schedtraceMillis);
        assertTrue(AgentConfig.parse("", NONE, Map.of("GODEBUG", "scheddetail=2")).scheddetail);
        assertEquals(100_000, AgentConfig.parse("gomaxprocs=100000", NONE, Map.of()).gomaxprocs, "no cap Go lacks");
        assertEquals("-Dgmp.scheddetail=2: invalid value; valid: 0 or 1",
                reject("", props("gmp.scheddetail", "2"), Map.of()));
        assertTrue(reject("nosuch=1", NONE, Map.of()).startsWith("nosuch: unknown option; valid: gomaxprocs, "));
        assertTrue(reject("gomaxprocs", NONE, Map.of()).startsWith("gomaxprocs: missing value"));
        assertEquals("GMP_VIRTUALTHREADS=loom: invalid value; valid: gmp, jdk",
                reject("", NONE, Map.of("GMP_VIRTUALTHREADS", "loom")));
        assertTrue(reject("blocking=com.acme.Dao", NONE, Map.of())
                .startsWith("blocking=com.acme.Dao: malformed pattern 'com.acme.Dao'; valid: "));
        assertTrue(reject("blocking=com..acme#x", NONE, Map.of()).contains("malformed pattern"));
        assertTrue(reject("preempt=com acme", NONE, Map.of()).contains("is not a package prefix"));
        assertTrue(reject("preempt=jdk.internal", NONE, Map.of()).contains("cannot take preemption polls"));
        assertTrue(reject("preempt=dev.gmp.internal.sched", NONE, Map.of()).contains("cannot take preemption polls"));
        assertTrue(reject("leak.threshold=-5m", NONE, Map.of()).contains("positive Go duration"));
        assertTrue(reject("leak.threshold=0s", NONE, Map.of()).contains("positive Go duration"));
        assertTrue(reject("prometheus=host:", NONE, Map.of()).contains("[host:]port"));
        assertTrue(reject("prometheus=0", NONE, Map.of()).contains("port 1 to 65535"));
        assertTrue(reject("debug.endpoints=maybe", NONE, Map.of()).endsWith("valid: on, off"));
        assertEquals("leak.log=syslog: invalid value; valid: logger, stderr", reject("leak.log=syslog", NONE, Map.of()));
        for (String msg : List.of(reject("gomaxprocs=0", NONE, Map.of()), reject("panic=x", NONE, Map.of()))) {
            assertFalse(msg.contains("\n"), "one line");
        }
    }

    @Test
    void unknownGmpPropertiesAndVariablesBelongToTheApplication() {
        AgentConfig c = AgentConfig.parse("", props("gmp.something.else", "x"), Map.of("GMP_OTHER", "y"));
        assertNull(c.gomaxprocs);
    }

    @Test
    void blockingFileAddsPatternsAndRejectsBadLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("blocking.txt");
        Files.writeString(f, "# drivers\ncom.acme.Dao#query\n\n  com.acme.Native#*  \n");
        AgentConfig c = AgentConfig.parse("blocking=a.B#c,blocking.file=" + f, NONE, Map.of());
        assertEquals(List.of(new BlockingPattern("a.B", "c"), new BlockingPattern("com.acme.Dao", "query"),
                new BlockingPattern("com.acme.Native", "*")), c.blocking);
        Files.writeString(f, "com.acme.Dao#query\ncom.acme.Dao.query\n");
        assertTrue(reject("blocking.file=" + f, NONE, Map.of())
                .startsWith("blocking.file=" + f + " line 2: malformed pattern 'com.acme.Dao.query'"));
        assertTrue(reject("blocking.file=" + dir.resolve("missing.txt"), NONE, Map.of())
                .contains("no such readable file"));
    }

    /** Go's variables are read once, here, as Go reads them; what Go ignores is kept to be said once. */
    @Test
    void whatGoWouldIgnoreIsIgnoredAndKeptAsAWarning() {
        AgentConfig c = AgentConfig.parse("", NONE, Map.of("GOMAXPROCS", "abc", "GODEBUG", "schedtrace=abc"));
        assertNull(c.gomaxprocs);
        assertEquals(List.of("GOMAXPROCS=abc ignored: not a positive integer (Go ignores it too and uses the CPU count)",
                "GODEBUG schedtrace=abc ignored: not an integer (Go ignores it too)"), c.warnings);
        assertEquals(List.of(), AgentConfig.parse("", NONE, Map.of("GOMAXPROCS", "2")).warnings);
    }

    /** The JDK's parallelism sizes the Ps as without the agent, below every other source. */
    @Test
    void theJdksParallelismIsTheWeakestSourceOfGomaxprocs() {
        Properties p = props("jdk.virtualThreadScheduler.parallelism", "3");
        assertEquals(3, AgentConfig.parse("", p, Map.of()).gomaxprocs);
        assertEquals(5, AgentConfig.parse("", p, Map.of("GOMAXPROCS", "5")).gomaxprocs);
        AgentConfig c = AgentConfig.parse("", props("jdk.virtualThreadScheduler.parallelism", "many"), Map.of());
        assertNull(c.gomaxprocs);
        assertEquals(List.of("-Djdk.virtualThreadScheduler.parallelism=many ignored: not a positive integer"),
                c.warnings);
    }

    @Test
    void durationsAreGosPositiveOnes() {
        assertEquals(Duration.ofMillis(500), AgentConfig.parse("leak.threshold=500ms", NONE, Map.of()).leakThreshold);
        assertEquals(Duration.ofMinutes(90), AgentConfig.parse("leak.threshold=1.5h", NONE, Map.of()).leakThreshold);
        assertEquals(Duration.ofSeconds(90),
                AgentConfig.parse("", props("gmp.leak.threshold", "1m30s"), Map.of()).leakThreshold);
        for (String bad : List.of("5", "5 m", "m", "PT5M")) {
            assertEquals("leak.threshold=" + bad + ": invalid value; valid: a positive Go duration such as 500ms, 90s, "
                    + "5m, 1h30m", reject("leak.threshold=" + bad, NONE, Map.of()));
        }
    }
}
