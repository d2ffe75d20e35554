package dev.gmp.internal.leak;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Go's duration text (time.ParseDuration, time.Duration.String) for {@code leak.threshold} and reports:
 * {@code 300ms}, {@code 90s}, {@code 1h30m}, {@code 1.5s}. A bare integer is milliseconds (how the agent hands
 * the threshold to the runtime in {@code -Dgmp.leak.threshold}).
 */
public final class GoDuration {
    private GoDuration() {}

    /**
     * Parses a positive duration.
     *
     * @throws IllegalArgumentException if {@code text} is not a positive Go duration or a positive integer
     */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.matches("\\d+")) {
            long ms = Long.parseLong(s);
            if (ms > 0) {
                return Duration.ofMillis(ms);
            }
            throw new IllegalArgumentException("not positive");
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("expected a number at '" + s.substring(start) + "'");
            }
            BigDecimal n = new BigDecimal(s.substring(start, i));
            int u = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unit = switch (s.substring(u, i)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException("unknown unit '" + s.substring(u, i) + "'");
            };
            nanos = nanos.add(n.multiply(BigDecimal.valueOf(unit)));
        }
        if (nanos.signum() <= 0) {
            throw new IllegalArgumentException("not positive");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    /** Go's {@code Duration.String()}: {@code 1h2m3.5s}, {@code 1.5s}, {@code 300ms}, {@code 0s}. */
    public static String format(Duration d) {
        long ns = d.toNanos();
        if (ns == 0) {
            return "0s";
        }
        if (ns < 1_000_000_000L) {
            if (ns < 1_000L) {
                return ns + "ns";
            }
            if (ns < 1_000_000L) {
                return trim(BigDecimal.valueOf(ns, 3)) + "µs";
            }
            return trim(BigDecimal.valueOf(ns, 6)) + "ms";
        }
        StringBuilder sb = new StringBuilder();
        long h = ns / 3_600_000_000_000L;
        long m = ns / 60_000_000_000L % 60;
        long rest = ns % 60_000_000_000L;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        sb.append(trim(BigDecimal.valueOf(rest, 9))).append('s');
        return sb.toString();
    }

    private static String trim(BigDecimal v) {
        String s = v.stripTrailingZeros().toPlainString();
        return s;
    }
}
