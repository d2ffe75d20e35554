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

    /** One {@code GODEBUG=schedtrace} report ({@code scheddetail=1} form with {@code detail}). */
    public static String schedtrace(boolean detail) {
        return GmpRuntime.current().schedtrace(detail);
    }
}
