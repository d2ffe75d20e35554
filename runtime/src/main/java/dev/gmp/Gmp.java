package dev.gmp;

/**
 * The observability API over the current runtime (the process default from a platform thread): the stats read
 * view and Go's text formats.
 */
public final class Gmp {
    private Gmp() {}

    /** An immutable snapshot of the scheduler (per-P, global, Ms, goroutines, counters, latency). */
    public static GmpStats stats() {
        return GmpRuntime.current().stats();
    }

    /** Every live goroutine of the current runtime (see {@link GmpRuntime#goroutines()}). */
    public static java.util.List<GoroutineInfo> goroutines() {
        return GmpRuntime.current().goroutines();
    }

    /**
     * Go's goroutine profile text ({@code debug=2}: every traceback; {@code debug=1}: counts by identical stack).
     *
     * @throws IllegalArgumentException for a level other than 1 or 2
     */
    public static void dump(Appendable out, int debugLevel) throws java.io.IOException {
        GmpRuntime.current().dump(out, debugLevel);
    }

    /** One {@code GODEBUG=schedtrace} report ({@code scheddetail=1} form with {@code detail}). */
    public static String schedtrace(boolean detail) {
        return GmpRuntime.current().schedtrace(detail);
    }

    /** What the leak detector knows now (see {@link GmpRuntime#leaks()}). */
    public static LeakReport leaks() {
        return GmpRuntime.current().leaks();
    }

    /** A leak check now, with a requested GC (see {@link GmpRuntime#checkLeaks()}). */
    public static LeakReport checkLeaks() {
        return GmpRuntime.current().checkLeaks();
    }
}
