package dev.gmp.agent.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's duration syntax (time.ParseDuration): a sequence of decimal numbers with a unit each, {@code ns, us, µs,
 * ms, s, m, h}; e.g. {@code 300ms}, {@code 1.5h}, {@code 2h45m}. ISO-8601 ({@code PT5M}) is accepted too.
 */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {}

    /** The duration, or null if {@code s} is not one. */
    static Duration parse(String s) {
        if (s.startsWith("PT") || s.startsWith("pt")) {
            try {
                return Duration.parse(s);
            } catch (RuntimeException e) {
                return null;
            }
        }
        if (s.isEmpty()) {
            return null;
        }
        Matcher m = PART.matcher(s);
        int at = 0;
        double nanos = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            at = m.end();
        }
        return Duration.ofNanos((long) nanos);
    }
}
