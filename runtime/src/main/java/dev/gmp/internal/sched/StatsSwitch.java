package dev.gmp.internal.sched;

/**
 * The launch-time switch for the scheduler's statistics ({@code -Dgmp.stats=off}; default on): the per-P
 * counters that only the stats view reads (steals, stolen, overflows, created, exited, preemptions, syscalls)
 * and scheduling-latency sampling. Go keeps them always on; this switch exists to measure what they cost
 * ({@code bench/costs --only stats}). The ticks sysmon relies on ({@code schedtick}, {@code syscalltick})
 * are never switched off.
 *
 * <p>A static final read once at class initialisation: the JIT folds it, so "off" removes the code.
 */
public final class StatsSwitch {
    /** Whether statistics are collected in this JVM. */
    public static final boolean ON = !"off".equals(System.getProperty("gmp.stats", "on"));

    private StatsSwitch() {}
}
