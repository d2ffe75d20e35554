package dev.gmp.internal.sched;

/**
 * The launch-time switch for the scheduler's statistics ({@code -Dgmp.stats=off}; default on): the per-P
 * counters that only the stats view reads (steals, stolen, overflows, preemptions, syscalls) and
 * scheduling-latency sampling. Go keeps them always on; this switch exists to measure what they cost
 * ({@code bench/costs --only stats}). The ticks sysmon relies on ({@code schedtick}, {@code syscalltick})
 * are never switched off, and goroutines created are counted either way: {@link StatsReader} reads the count
 * off the goroutine ids, so creating one bumps no counter.
 *
 * <p>A static final read once at class initialisation: the JIT folds it, so "off" removes the code.
 *
 * <p>{@code -Dgmp.stats=paired} is for measuring only: statistics on, and {@link #set} turns them off and on
 * while the JVM runs, so that {@code bench/costs} can compare iterations with and without them in one JVM, on
 * the same compiled code (forks differ by more than the cost). There {@link #on()} reads a volatile flag; in the
 * other two modes it is a constant.
 */
public final class StatsSwitch {
    /** Whether statistics are collected in this JVM ({@code on} or {@code paired}). */
    public static final boolean ON = !"off".equals(System.getProperty("gmp.stats", "on"));
    /** {@code -Dgmp.stats=paired}: {@link #set} applies. */
    public static final boolean PAIRED = "paired".equals(System.getProperty("gmp.stats"));

    private static volatile boolean live = true;

    private StatsSwitch() {}

    /** Whether to count now: {@link #ON}, unless {@link #PAIRED} and {@link #set} turned counting off. */
    static boolean on() {
        return ON && (!PAIRED || live);
    }

    /** Under {@code -Dgmp.stats=paired}, turns counting and latency sampling on or off; otherwise nothing. */
    public static void set(boolean on) {
        if (PAIRED) {
            live = on;
        }
    }
}
