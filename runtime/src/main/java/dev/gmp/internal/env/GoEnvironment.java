package dev.gmp.internal.env;

import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Go's own environment variables, read as Go's runtime reads them, for the runtime's builder and the agent alike:
 * <ul>
 *   <li>{@code GOMAXPROCS} (golang/go src/runtime/proc.go {@code schedinit}): used when it is a positive integer;
 *       anything else is ignored and the CPU count stands. There is no upper bound.</li>
 *   <li>{@code GODEBUG} (src/runtime/runtime1.go {@code parsedebugvars}): comma-separated {@code key=value}
 *       pairs; a key takes its value only when the value is an integer, and a key or pair it does not know is
 *       ignored. {@code schedtrace=N} prints a schedtrace line every N ms when N is above 0;
 *       {@code scheddetail} is on for any value above 0.</li>
 *   <li>Not Go's, but read the same way: {@code -Djdk.virtualThreadScheduler.parallelism}, the application's
 *       stated parallelism for the JDK's virtual-thread scheduler, whose place GMP's Ps take.</li>
 * </ul>
 * Go ignores a bad value silently. Here each ignored value is said once, through {@code warn} ({@link #warnings}),
 * so a typo does not go unnoticed; the program still starts, as Go's does. Our own settings, which fail fast, are
 * {@link Settings}'.
 */
public final class GoEnvironment {
    /** What {@code GODEBUG} sets; a null field was not set (or not to an integer). */
    public record Godebug(Long schedtraceMillis, Boolean scheddetail) {
        public static final Godebug NONE = new Godebug(null, null);
    }

    /** The JDK's own setting for its virtual-thread scheduler's parallelism. */
    public static final String JDK_PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

    private GoEnvironment() {}

    /** How an ignored value is said: one {@code gmp: warning: } line on {@code err}. */
    public static Consumer<String> warnings(PrintStream err) {
        return line -> err.println("gmp: warning: " + line);
    }

    /** {@code GOMAXPROCS} from {@code env}: a positive integer, or null when unset or ignored. */
    public static Integer gomaxprocs(Map<String, String> env, Consumer<String> warn) {
        String v = env.get("GOMAXPROCS");
        if (v == null || v.isEmpty()) {
            return null;
        }
        Integer n = positive(v);
        if (n == null) {
            warn.accept("GOMAXPROCS=" + v + " ignored: not a positive integer (Go ignores it too and uses the CPU "
                    + "count)");
            return null;
        }
        return n;
    }

    /** {@code -Djdk.virtualThreadScheduler.parallelism} from {@code props}: a positive integer, or null. */
    public static Integer jdkParallelism(Properties props, Consumer<String> warn) {
        String v = props.getProperty(JDK_PARALLELISM);
        if (v == null) {
            return null;
        }
        Integer n = positive(v);
        if (n == null) {
            warn.accept("-D" + JDK_PARALLELISM + "=" + v + " ignored: not a positive integer");
        }
        return n;
    }

    /** {@code s} as Go's atoi reads it, if that is a positive int; else null. */
    static Integer positive(String s) {
        Long n = integer(s);
        return n == null || n <= 0 || n > Integer.MAX_VALUE ? null : n.intValue();
    }

    /** {@code GODEBUG} from {@code env}: the scheduler's keys, each null unless set to an integer. */
    public static Godebug godebug(Map<String, String> env, Consumer<String> warn) {
        String v = env.get("GODEBUG");
        if (v == null || v.isEmpty()) {
            return Godebug.NONE;
        }
        Long schedtrace = null;
        Boolean scheddetail = null;
        for (String field : v.split(",")) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = field.substring(0, eq);
            if (!key.equals("schedtrace") && !key.equals("scheddetail")) {
                continue; // Go's other debug variables mean nothing here
            }
            Long n = integer(field.substring(eq + 1));
            if (n == null) {
                warn.accept("GODEBUG " + field + " ignored: not an integer (Go ignores it too)");
            } else if (key.equals("schedtrace")) {
                schedtrace = Math.max(0, n);
            } else {
                scheddetail = n > 0;
            }
        }
        return new Godebug(schedtrace, scheddetail);
    }

    /** Go's runtime atoi: an optional minus and decimal digits, nothing else; null if not that or too large. */
    static Long integer(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return null;
        }
        int i = s.charAt(0) == '-' ? 1 : 0;
        if (i == s.length()) {
            return null;
        }
        for (int k = i; k < s.length(); k++) {
            if (s.charAt(k) < '0' || s.charAt(k) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
