package dev.gmp.internal.env;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Go's duration text, both ways: {@link #parse} is {@code time.ParseDuration}, {@link #format} is
 * {@code Duration.String} (golang/go src/time/format.go, src/time/time.go). {@code 300ms}, {@code 90s},
 * {@code 1h30m}, {@code 1.5s}, {@code -2m}, {@code 0}. The one parser of durations for the runtime's builder and
 * the agent alike; whether a setting takes zero or negative durations is {@link Settings#positiveDuration}'s call.
 */
public final class GoDuration {
    private static final long TWO_TO_63 = Long.MIN_VALUE; // 1<<63 as an unsigned long

    private GoDuration() {}

    /**
     * time.ParseDuration: an optional sign, then one or more decimal numbers each with a unit ({@code ns},
     * {@code us}, {@code µs}, {@code μs}, {@code ms}, {@code s}, {@code m}, {@code h}); a bare {@code 0} is the
     * only number without a unit. A fraction is scaled in floating point and truncated to the nanosecond, as Go
     * does, so {@code 0.3333333333333333333h} is 20m.
     *
     * @throws IllegalArgumentException with Go's message ({@code time: invalid duration "5 m"},
     *                                  {@code time: missing unit in duration "5"}, ...)
     */
    public static Duration parse(String text) {
        // Values are Go's uint64s, held in longs and compared unsigned; none exceeds 1<<63 (TWO_TO_63).
        String s = text;
        long d = 0;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) != '.' && !digit(s.charAt(i))) { // the next character must be [0-9.]
                throw invalid(text);
            }
            // leadingInt: [0-9]*
            int pl = i;
            long v = 0;
            for (; i < s.length() && digit(s.charAt(i)); i++) {
                if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_TO_63, 10)) > 0) {
                    throw invalid(text);
                }
                v = v * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(v, TWO_TO_63) > 0) {
                    throw invalid(text);
                }
            }
            boolean pre = i != pl;
            // leadingFraction: [.[0-9]*], digits past what a uint64 holds ignored
            boolean post = false;
            long f = 0;
            double scale = 1;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                pl = i;
                boolean overflow = false;
                for (; i < s.length() && digit(s.charAt(i)); i++) {
                    if (overflow) {
                        continue;
                    }
                    if (Long.compareUnsigned(f, Long.MAX_VALUE / 10) > 0) {
                        overflow = true;
                        continue;
                    }
                    long y = f * 10 + (s.charAt(i) - '0');
                    if (Long.compareUnsigned(y, TWO_TO_63) > 0) {
                        overflow = true;
                        continue;
                    }
                    f = y;
                    scale *= 10;
                }
                post = i != pl;
            }
            if (!pre && !post) { // no digits, e.g. ".s"
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !digit(s.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
            }
            String u = s.substring(unitStart, i);
            long unit = switch (u) {
                case "ns" -> 1L;
                case "us", "\u00b5s", "\u03bcs" -> 1_000L; // micro sign, Greek mu
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException("time: unknown unit " + quote(u) + " in duration "
                        + quote(text));
            };
            if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_TO_63, unit)) > 0) {
                throw invalid(text); // overflow
            }
            v *= unit;
            if (f > 0) {
                v += (long) ((double) f * ((double) unit / scale)); // float64 in Go: less than unit, positive
                if (Long.compareUnsigned(v, TWO_TO_63) > 0) {
                    throw invalid(text);
                }
            }
            d += v;
            if (Long.compareUnsigned(d, TWO_TO_63) > 0) {
                throw invalid(text);
            }
        }
        if (neg) {
            return Duration.ofNanos(-d); // -(1<<63) included, as in Go
        }
        if (Long.compareUnsigned(d, Long.MAX_VALUE) > 0) {
            throw invalid(text);
        }
        return Duration.ofNanos(d);
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + quote(text));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    /** Go's {@code Duration.String()}: {@code 1h2m3.5s}, {@code 1.5s}, {@code 300ms}, {@code 0s}. */
    public static String format(Duration d) {
        long ns = d.toNanos();
        if (ns == 0) {
            return "0s";
        }
        if (ns < 0) {
            return ns == Long.MIN_VALUE ? "-2562047h47m16.854775808s" : "-" + format(Duration.ofNanos(-ns));
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
        return v.stripTrailingZeros().toPlainString();
    }
}
