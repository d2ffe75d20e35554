package dev.gmp.internal.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.GmpConfigException;
import dev.gmp.internal.leak.LeakDetector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Our settings fail fast in one line naming the setting as spelled and its valid values. */
class SettingsTest {
    private static String reject(org.junit.jupiter.api.function.Executable e) {
        String msg = assertThrows(GmpConfigException.class, e).getMessage();
        assertFalse(msg.contains("\n"), msg);
        return msg;
    }

    @Test
    void integersInARange() {
        assertEquals(3, Settings.integer("gomaxprocs", "3", Settings.Range.GOMAXPROCS));
        assertEquals(100_000, Settings.integer("gomaxprocs", "100000", Settings.Range.GOMAXPROCS), "no cap Go lacks");
        assertEquals("-Dgmp.gomaxprocs=0: invalid value; valid: an integer >= 1",
                reject(() -> Settings.integer("-Dgmp.gomaxprocs", "0", Settings.Range.GOMAXPROCS)));
        assertEquals("maxthreads=x: invalid value; valid: an integer from 1 to 1000000",
                reject(() -> Settings.integer("maxthreads", "x", Settings.Range.MAXTHREADS)));
        assertEquals("scheddetail=2: invalid value; valid: 0 or 1",
                reject(() -> Settings.integer("scheddetail", "2", Settings.Range.SCHEDDETAIL)));
        assertEquals("schedtrace=-1: invalid value; valid: an integer >= 0",
                reject(() -> Settings.Range.SCHEDTRACE.require("schedtrace", -1)));
    }

    @Test
    void positiveGoDurations() {
        assertEquals(Duration.ofSeconds(90), Settings.positiveDuration("leak.threshold", "1m30s"));
        for (String bad : new String[] {"0", "0s", "-5m", "5", "300000", "5x", "PT5M", ""}) {
            assertEquals("leak.threshold=" + bad + ": invalid value; valid: a positive Go duration such as 500ms, "
                    + "90s, 5m, 1h30m", reject(() -> Settings.positiveDuration("leak.threshold", bad)));
        }
    }

    @Test
    void choicesAndSwitches() {
        assertEquals(LeakDetector.Mode.SUSPECTED, Settings.choice("leaks", "suspected", LeakDetector.Mode.class));
        assertEquals("GMP_LEAKS=maybe: invalid value; valid: proven, suspected, off",
                reject(() -> Settings.choice("GMP_LEAKS", "maybe", LeakDetector.Mode.class)));
        assertEquals("leaks=PROVEN: invalid value; valid: proven, suspected, off",
                reject(() -> Settings.choice("leaks", "PROVEN", LeakDetector.Mode.class)));
        assertTrue(Settings.onOff("banner", "ON"));
        assertFalse(Settings.onOff("banner", "false"));
        assertEquals("banner=maybe: invalid value; valid: on, off", reject(() -> Settings.onOff("banner", "maybe")));
    }
}
