package dev.gmp.internal.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go src/time/time_test.go TestParseDuration, TestParseDurationErrors, TestDurationString;
 * every value and message here is what Go 1.2x prints for the same text.
 */
class GoDurationTest {
    private static final long NS = 1, US = 1_000, MS = 1_000_000, S = 1_000_000_000, M = 60 * S, H = 60 * M;

    private record Case(String text, long nanos) {}

    @Test
    void parsesWhatGoParses() {
        List<Case> cases = List.of(
                new Case("0", 0), new Case("5s", 5 * S), new Case("30s", 30 * S), new Case("1478s", 1478 * S),
                new Case("-5s", -5 * S), new Case("+5s", 5 * S), new Case("-0", 0), new Case("+0", 0),
                new Case("5.0s", 5 * S), new Case("5.6s", 5 * S + 600 * MS), new Case("5.s", 5 * S),
                new Case(".5s", 500 * MS), new Case("1.0s", S), new Case("1.00s", S), new Case("1.004s", S + 4 * MS),
                new Case("1.0040s", S + 4 * MS), new Case("100.00100s", 100 * S + MS), new Case("10ns", 10 * NS),
                new Case("11us", 11 * US), new Case("12\u00b5s", 12 * US), new Case("12\u03bcs", 12 * US),
                new Case("13ms", 13 * MS), new Case("14s", 14 * S), new Case("15m", 15 * M), new Case("16h", 16 * H),
                new Case("3h30m", 3 * H + 30 * M), new Case("10.5s4m", 4 * M + 10 * S + 500 * MS),
                new Case("-2m3.4s", -(2 * M + 3 * S + 400 * MS)),
                new Case("1h2m3s4ms5us6ns", H + 2 * M + 3 * S + 4 * MS + 5 * US + 6 * NS),
                new Case("39h9m14.425s", 39 * H + 9 * M + 14 * S + 425 * MS),
                new Case("52763797000ns", 52763797000L), new Case("0.3333333333333333333h", 20 * M),
                new Case("9007199254740993ns", (1L << 53) + 1), new Case("9223372036854775807ns", Long.MAX_VALUE),
                new Case("9223372036854775.807us", Long.MAX_VALUE),
                new Case("9223372036s854ms775us807ns", Long.MAX_VALUE),
                new Case("-9223372036854775808ns", Long.MIN_VALUE),
                new Case("-9223372036854775.808us", Long.MIN_VALUE),
                new Case("-9223372036s854ms775us808ns", Long.MIN_VALUE),
                new Case("-2562047h47m16.854775808s", Long.MIN_VALUE), new Case("0.100000000000000000000h", 6 * M),
                new Case("0.830103483285477580700h", 49 * M + 48 * S + 372539827 * NS));
        for (Case c : cases) {
            assertEquals(Duration.ofNanos(c.nanos()), GoDuration.parse(c.text()), c.text());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "5 m", "1h-2m", "9223372036854775808ns",
        "9223372036854775.808us", "9223372036854ms775us808ns", "9223372036s854ms775us808ns", "-9223372036854775809ns", "PT5M",
        "9223372036854s775ms807us"})
    void rejectsWhatGoRejects(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
        assertEquals(true, e.getMessage().startsWith("time: ") && e.getMessage().endsWith('"' + text + '"'),
                e.getMessage());
    }

    @Test
    void gosMessagesNameWhatIsWrong() {
        assertEquals("time: missing unit in duration \"3\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("3")).getMessage());
        assertEquals("time: unknown unit \"d\" in duration \"1d\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("1d")).getMessage());
        assertEquals("time: unknown unit \"h-\" in duration \"1h-2m\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("1h-2m")).getMessage());
    }

    @Test
    void formatsAsGoPrintsADuration() {
        assertEquals("0s", GoDuration.format(Duration.ZERO));
        assertEquals("1ns", GoDuration.format(Duration.ofNanos(1)));
        assertEquals("1.1\u00b5s", GoDuration.format(Duration.ofNanos(1100)));
        assertEquals("2.2ms", GoDuration.format(Duration.ofNanos(2200 * US)));
        assertEquals("300ms", GoDuration.format(Duration.ofMillis(300)));
        assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("5m0s", GoDuration.format(Duration.ofMinutes(5)));
        assertEquals("1h30m0s", GoDuration.format(Duration.ofMinutes(90)));
        assertEquals("4m5.001s", GoDuration.format(Duration.ofNanos(4 * M + 5001 * MS)));
        assertEquals("5h6m7.001s", GoDuration.format(Duration.ofNanos(5 * H + 6 * M + 7001 * MS)));
        assertEquals("8m0.000000001s", GoDuration.format(Duration.ofNanos(8 * M + 1)));
        assertEquals("2562047h47m16.854775807s", GoDuration.format(Duration.ofNanos(Long.MAX_VALUE)));
        assertEquals("-2562047h47m16.854775808s", GoDuration.format(Duration.ofNanos(Long.MIN_VALUE)));
        assertEquals("-1.5s", GoDuration.format(Duration.ofMillis(-1500)));
        for (String s : List.of("1h2m3.5s", "300ms", "1.5s", "2.5\u00b5s")) {
            assertEquals(s, GoDuration.format(GoDuration.parse(s)), "round trip");
        }
    }
}
