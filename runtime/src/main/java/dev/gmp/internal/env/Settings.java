package dev.gmp.internal.env;

import dev.gmp.GmpConfigException;
import java.time.Duration;
import java.util.Locale;

/**
 * Our own settings' values ({@code gmp.*} properties, the agent's options, the runtime builder's text setters),
 * parsed one way for the runtime's builder and the agent alike. Unlike Go's own variables ({@link GoEnvironment}),
 * a bad value here is an error: a {@link GmpConfigException} whose message is the one line to print,
 * {@code <setting as the user spelled it>=<value>: invalid value; valid: <valid values>}.
 */
public final class Settings {
    private Settings() {}

    /** An inclusive range of integers, and the words a message uses for it. */
    public record Range(long min, long max) {
        /** {@code gomaxprocs}: no upper bound, as in Go since 1.10 (proc.go procresize). */
        public static final Range GOMAXPROCS = new Range(1, Integer.MAX_VALUE);
        /** {@code maxthreads} (Go's debug.SetMaxThreads). */
        public static final Range MAXTHREADS = new Range(1, 1_000_000);
        /** {@code schedtrace}, in ms; 0 is off. */
        public static final Range SCHEDTRACE = new Range(0, Integer.MAX_VALUE);
        /** The agent's {@code scheddetail} (GODEBUG's is on for any value above 0: {@link GoEnvironment}). */
        public static final Range SCHEDDETAIL = new Range(0, 1);

        /** The valid values, for a message: {@code an integer >= 1}, {@code 0 or 1}, {@code an integer from...}. */
        public String valid() {
            if (max == Integer.MAX_VALUE || max == Long.MAX_VALUE) {
                return "an integer >= " + min;
            }
            return max == min + 1 ? min + " or " + max : "an integer from " + min + " to " + max;
        }

        /** {@code n}, if in range; else the one-line error for {@code spelled=n}. */
        public long require(String spelled, long n) {
            if (n < min || n > max) {
                throw invalid(spelled, Long.toString(n), valid());
            }
            return n;
        }
    }

    /** The one-line error for {@code spelled=value}. */
    public static GmpConfigException invalid(String spelled, String value, String valid) {
        return new GmpConfigException(spelled + "=" + value + ": invalid value; valid: " + valid);
    }

    /** A decimal integer in {@code range}. */
    public static long integer(String spelled, String value, Range range) {
        try {
            long n = Long.parseLong(value);
            if (n >= range.min() && n <= range.max()) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // the one-line message below
        }
        throw invalid(spelled, value, range.valid());
    }

    /** A positive Go duration ({@link GoDuration#parse}): {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h30m}. */
    public static Duration positiveDuration(String spelled, String value) {
        try {
            Duration d = GoDuration.parse(value);
            if (d.compareTo(Duration.ZERO) > 0) {
                return d;
            }
        } catch (IllegalArgumentException ignored) {
            // the one-line message below
        }
        throw invalid(spelled, value, "a positive Go duration such as 500ms, 90s, 5m, 1h30m");
    }

    /** One of {@code type}'s constants, spelled in lower case; the message lists them in declaration order. */
    public static <E extends Enum<E>> E choice(String spelled, String value, Class<E> type) {
        StringBuilder valid = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            String name = e.name().toLowerCase(Locale.ROOT);
            if (name.equals(value)) {
                return e;
            }
            valid.append(valid.isEmpty() ? "" : ", ").append(name);
        }
        throw invalid(spelled, value, valid.toString());
    }

    /** {@code on}/{@code true} or {@code off}/{@code false}, in any case. */
    public static boolean onOff(String spelled, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw invalid(spelled, value, "on, off");
        };
    }
}
