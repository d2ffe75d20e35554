package dev.gmp.internal.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.GmpConfigException;
import dev.gmp.internal.env.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** leak.log: one event per leak through System.Logger, rate-limited with summaries per site; stderr unchanged. */
class LeakLogTest {
    private static final long SECOND = 1_000_000_000L;

    /** A System.Logger that keeps what it is given, as an application's bridge would pass it on. */
    static final class Captured implements System.Logger {
        final List<String> messages = new ArrayList<>();
        final List<Level> levels = new ArrayList<>();

        @Override
        public String getName() {
            return LeakLog.LOGGER_NAME;
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            levels.add(level);
            messages.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            levels.add(level);
            messages.add(format);
        }
    }

    private static String report(int goid) {
        return "gmp: goroutine leak: goroutine " + goid + " was garbage-collected while waiting (chan send, blocked "
                + "for 1s): nothing could ever wake it\ngoroutine " + goid + " [chan send (leaked)]:\n"
                + "created by com.acme.Service.handle in goroutine 1\n\tService.java:31\n";
    }

    @Test
    void oneEventPerLeakWithTheWholeReport() {
        Captured logger = new Captured();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LeakLog log = new LeakLog(LeakLog.Mode.LOGGER, new PrintStream(err), logger, 10, 60 * SECOND);
        for (int i = 1; i <= 3; i++) {
            log.report(report(i), "com.acme.Service.handle (Service.java:31)", i * SECOND);
        }
        assertEquals(List.of(report(1).stripTrailing(), report(2).stripTrailing(), report(3).stripTrailing()),
                logger.messages);
        assertEquals(List.of(System.Logger.Level.WARNING, System.Logger.Level.WARNING, System.Logger.Level.WARNING),
                logger.levels);
        assertEquals(0, err.size(), "nothing on stderr in logger mode");
    }

    @Test
    void atMostNFullReportsAWindowThenOneSummaryPerSite() {
        Captured logger = new Captured();
        LeakLog log = new LeakLog(LeakLog.Mode.LOGGER, new PrintStream(new ByteArrayOutputStream()), logger, 3,
                60 * SECOND);
        for (int i = 1; i <= 10; i++) { // 3 full, then 4 from site A and 3 from site B held back
            log.report(report(i), i % 2 == 0 ? "A.a (A.java:1)" : "B.b (B.java:2)", i * SECOND);
            log.tick(i * SECOND);
        }
        assertEquals(3, logger.messages.size(), logger.messages.toString());
        log.tick(59 * SECOND);
        assertEquals(3, logger.messages.size(), "the window (from the first leak at 1 s) is still open");
        log.tick(61 * SECOND);
        assertEquals(5, logger.messages.size(), logger.messages.toString());
        List<String> summaries = logger.messages.subList(3, 5);
        assertTrue(summaries.contains("gmp: 4 more goroutine leaks created by A.a (A.java:1) in the last 1m0s, not "
                + "reported in full (at most 3 full reports a minute; leak.log=stderr prints every one): "
                + "Gmp.leaks() and /debug/gmp/leaks list them"), summaries.toString());
        assertTrue(summaries.stream().anyMatch(s -> s.startsWith("gmp: 3 more goroutine leaks created by B.b ")),
                summaries.toString());
        log.report(report(11), "A.a (A.java:1)", 62 * SECOND);
        assertEquals(report(11).stripTrailing(), logger.messages.get(5), "a new window reports in full again");
        log.tick(200 * SECOND);
        assertEquals(6, logger.messages.size(), "no summary for a window that held nothing back");
    }

    @Test
    void stderrModePrintsEveryReportAsBefore() {
        Captured logger = new Captured();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LeakLog log = new LeakLog(LeakLog.Mode.STDERR, new PrintStream(err, true, StandardCharsets.UTF_8), logger, 1,
                60 * SECOND);
        for (int i = 1; i <= 3; i++) {
            log.report(report(i), "A.a (A.java:1)", SECOND);
        }
        log.tick(100 * SECOND);
        assertEquals(report(1) + "\n" + report(2) + "\n" + report(3) + "\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), logger.messages);
    }

    @Test
    void aBadValueNamesTheOptionAndItsValues() {
        GmpConfigException e = assertThrows(GmpConfigException.class,
                () -> dev.gmp.GmpRuntime.builder().leakLog("syslog"));
        assertEquals("leak.log=syslog: invalid value; valid: logger, stderr", e.getMessage());
        assertEquals(LeakLog.Mode.STDERR, Settings.choice("leak.log", "stderr", LeakLog.Mode.class));
    }
}
