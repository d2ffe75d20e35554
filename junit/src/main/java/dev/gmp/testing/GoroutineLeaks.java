package dev.gmp.testing;

import dev.gmp.GmpRuntime;
import dev.gmp.GoroutineInfo;
import dev.gmp.internal.stats.GoroutineDump;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A test's check that it left no goroutines behind: uber-go/goleak's {@code VerifyNone} and {@code Find} for GMP
 * runtimes (github.com/uber-go/goleak, options.go and leaks.go, whose behaviour this follows; the code is ours).
 *
 * <pre>{@code
 * GoroutineLeaks.verifyNone(rt);                                   // at the end of a test
 * GoroutineLeaks.verifyNone(rt, GoroutineLeaks.ignoreTopFunction("com.acme.Pool.worker"));
 * }</pre>
 * Goroutines still running are given time to finish: the check retries with a doubling sleep (1 µs up to
 * 100 ms) for at most {@link #DEFAULT_MAX_WAIT}, as goleak retries before it reports. What is left is reported in
 * Go's {@code debug=2} dump shape. The goroutine calling the check is never counted. With JUnit 5, see
 * {@link VerifyNoGoroutineLeaks} and {@link GoroutineLeakCheck}.
 */
public final class GoroutineLeaks {
    /** How long {@link #verifyNone} waits for goroutines to finish before reporting them (goleak: ~2 s). */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(2);
    private static final long MAX_SLEEP_NANOS = 100_000_000L;

    private GoroutineLeaks() {}

    /** One option of a check (goleak's {@code Option}). */
    public static final class Option {
        private final Predicate<GoroutineInfo> ignore; // null: not a filter
        private final Duration maxWait;                 // null: not a wait option

        private Option(Predicate<GoroutineInfo> ignore, Duration maxWait) {
            this.ignore = ignore;
            this.maxWait = maxWait;
        }
    }

    /**
     * Ignores goroutines whose top function is {@code function} ({@code pkg.Class.method}), goleak's
     * {@code IgnoreTopFunction}. The top function is the innermost frame, or the innermost frame outside the JDK
     * and this runtime (the code that called the channel operation, lock or sleep it is blocked in).
     */
    public static Option ignoreTopFunction(String function) {
        Objects.requireNonNull(function);
        return new Option(g -> function.equals(name(top(g.stack(), false)))
                || function.equals(name(top(g.stack(), true))), null);
    }

    /** Ignores goroutines with {@code function} anywhere on their stack (goleak's {@code IgnoreAnyFunction}). */
    public static Option ignoreAnyFunction(String function) {
        Objects.requireNonNull(function);
        return new Option(g -> g.stack().stream().anyMatch(f -> function.equals(name(f))), null);
    }

    /** Ignores goroutines created by {@code function} ({@code created by pkg.Class.method}): a creation site. */
    public static Option ignoreCreatedBy(String function) {
        Objects.requireNonNull(function);
        return new Option(g -> !g.createdBy().isEmpty() && function.equals(name(g.createdBy().get(0))), null);
    }

    /** Ignores the goroutines of {@code rt} that exist now (goleak's {@code IgnoreCurrent}). */
    public static Option ignoreCurrent(GmpRuntime rt) {
        Set<Long> now = new HashSet<>();
        for (GoroutineInfo g : rt.goroutines()) {
            now.add(g.goid());
        }
        return ignoreGoids(now);
    }

    /** Ignores the goroutines with these ids. */
    public static Option ignoreGoids(Set<Long> goids) {
        Set<Long> ids = Set.copyOf(goids);
        return new Option(g -> ids.contains(g.goid()), null);
    }

    /** Waits at most {@code d} for goroutines to finish before reporting them (default {@link #DEFAULT_MAX_WAIT}). */
    public static Option maxWait(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("maxWait must be >= 0: " + d);
        }
        return new Option(null, d);
    }

    /**
     * Fails with an {@link AssertionError} listing, in Go's dump shape, the goroutines of {@code rt} still alive
     * after the retries, other than the caller and the ignored ones (goleak's {@code VerifyNone}).
     */
    public static void verifyNone(GmpRuntime rt, Option... options) {
        List<GoroutineInfo> left = find(rt, options);
        if (!left.isEmpty()) {
            throw new AssertionError(describe(left));
        }
    }

    /** The goroutines left after the retries (goleak's {@code Find}); empty if none. */
    public static List<GoroutineInfo> find(GmpRuntime rt, Option... options) {
        Predicate<GoroutineInfo> ignored = GoroutineLeaks::isSystem;
        Duration maxWait = DEFAULT_MAX_WAIT;
        for (Option o : options) {
            if (o.ignore != null) {
                ignored = ignored.or(o.ignore);
            }
            if (o.maxWait != null) {
                maxWait = o.maxWait;
            }
        }
        long self = rt.goid();
        long deadline = System.nanoTime() + maxWait.toNanos();
        long sleep = 1_000L;
        while (true) {
            List<GoroutineInfo> left = new ArrayList<>();
            for (GoroutineInfo g : rt.goroutines()) {
                if (g.goid() != self && !ignored.test(g)) {
                    left.add(g);
                }
            }
            long now = System.nanoTime();
            if (left.isEmpty() || now - deadline >= 0) {
                return left;
            }
            sleepNanos(Math.min(sleep, deadline - now));
            sleep = Math.min(sleep * 2, MAX_SLEEP_NANOS);
        }
    }

    /** {@code found unexpected goroutines:} and the goroutines in Go's {@code debug=2} shape. */
    public static String describe(List<GoroutineInfo> goroutines) {
        StringBuilder sb = new StringBuilder("found unexpected goroutines:\n");
        try {
            GoroutineDump.write(goroutines, 2, sb);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringBuilder does not throw
        }
        return sb.toString();
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for goroutines to finish", e);
        }
    }

    /**
     * The JDK's own long-lived virtual threads, which become goroutines when a goroutine first needs them (the
     * socket poller's sub-pollers, {@code sun.nio.ch.Poller}): like the runtime goroutines goleak never reports.
     */
    static boolean isSystem(GoroutineInfo g) {
        for (StackTraceElement f : g.stack()) {
            if (f.getClassName().startsWith("sun.nio.ch.Poller")) {
                return true;
            }
        }
        return false;
    }

    private static final Set<String> RUNTIME_API = Set.of("dev.gmp.Chan", "dev.gmp.Select", "dev.gmp.WaitGroup",
            "dev.gmp.Time", "dev.gmp.Timer", "dev.gmp.Ticker", "dev.gmp.Go", "dev.gmp.GmpRuntime", "dev.gmp.Context",
            "dev.gmp.Contexts", "dev.gmp.CancelContext");

    /** The innermost frame, or with {@code user} the innermost frame outside the JDK and this runtime. */
    private static StackTraceElement top(List<StackTraceElement> stack, boolean user) {
        for (StackTraceElement f : stack) {
            if (!user) {
                return f;
            }
            String c = f.getClassName();
            int dollar = c.indexOf('$');
            String outer = dollar < 0 ? c : c.substring(0, dollar);
            if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")
                    || c.startsWith("dev.gmp.internal.") || RUNTIME_API.contains(outer))) {
                return f;
            }
        }
        return null;
    }

    private static String name(StackTraceElement f) {
        return f == null ? null : f.getClassName() + "." + f.getMethodName();
    }
}
