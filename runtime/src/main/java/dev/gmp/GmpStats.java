package dev.gmp;

import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of one runtime's scheduler: the one read view every exporter uses (schedtrace,
 * JFR, Micrometer, Prometheus). Taking it reads per-P counters racily, without stopping anything: the numbers of
 * one snapshot are each exact at some instant, not all at the same instant (as Go's schedtrace).
 *
 * @param uptimeNanos     time since the runtime started
 * @param gomaxprocs      current GOMAXPROCS
 * @param idleProcs       Ps on the idle list (sched.npidle)
 * @param spinningThreads Ms counted as spinning (sched.nmspinning, schedtrace's {@code spinningthreads}); the
 *                        count the wake-up protocol relies on, where {@link ThreadStats#spinning()} counts the Ms
 *                        whose flag is set. At rest both are 0.
 * @param needSpinning    sched.needspinning (0 or 1)
 * @param globalRunqueue  goroutines on the global run queue (sched.runqsize)
 * @param processors      every P ever created, active ones first ({@link ProcessorStats#active()})
 * @param machines        every M ever created
 * @param threads         Ms by state
 * @param goroutines      goroutines by state, and created
 * @param syscalls        entersyscall calls
 * @param handoffsSysmon  Ps retaken from syscalls by sysmon
 * @param handoffsBlock   Ps handed off at once by entersyscallblock
 * @param preemptions     preemptions taken
 * @param panics          uncaught exceptions in goroutines
 * @param schedLatency    runnable-to-running latency, sampled 1 in 32
 * @param deadlocks       times every goroutine was found asleep
 * @param goroutineLeaks  proven leaks so far, by wait reason
 * @param suspectedLeaks  goroutines blocked past the leak threshold at the last scan, by wait reason
 */
public record GmpStats(long uptimeNanos, int gomaxprocs, int idleProcs, int spinningThreads, int needSpinning,
                       int globalRunqueue, List<ProcessorStats> processors, List<MachineStats> machines,
                       ThreadStats threads, GoroutineStats goroutines, long syscalls, long handoffsSysmon,
                       long handoffsBlock, long preemptions, long panics, LatencyStats schedLatency,
                       long deadlocks, Map<String, Long> goroutineLeaks, Map<String, Integer> suspectedLeaks) {

    public GmpStats {
        processors = List.copyOf(processors);
        machines = List.copyOf(machines);
        goroutineLeaks = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(goroutineLeaks));
        suspectedLeaks = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(suspectedLeaks));
    }

    /** Total successful steals over all Ps. */
    public long steals() {
        return processors.stream().mapToLong(ProcessorStats::steals).sum();
    }

    /** Total goroutines taken by stealing over all Ps. */
    public long stolenGoroutines() {
        return processors.stream().mapToLong(ProcessorStats::stolenGoroutines).sum();
    }

    /** Total local run-queue overflows (runqputslow batches) over all Ps. */
    public long runqueueOverflows() {
        return processors.stream().mapToLong(ProcessorStats::overflows).sum();
    }

    /**
     * One P.
     *
     * @param id          index (the {@code p} label)
     * @param status      Go's name: idle, running, syscall, dead
     * @param active      id &lt; gomaxprocs
     * @param runqueue    goroutines in the local ring (schedtrace's number)
     * @param runnext     whether the runnext slot is occupied
     * @param machineId   the owning M, or -1
     */
    public record ProcessorStats(int id, String status, boolean active, int runqueue, boolean runnext,
                                 long schedtick, long syscalltick, long steals, long stolenGoroutines,
                                 long overflows, long machineId) {}

    /** One M: its P (-1 if none), current goroutine (0 if none), and state flags. */
    public record MachineStats(long id, int p, long curg, boolean spinning, boolean syscall) {}

    /**
     * Ms by state. {@code running}: holding a P and not spinning; {@code spinning}: looking for work;
     * {@code idle}: parked on the idle list; {@code syscall}: blocked in a syscall.
     */
    public record ThreadStats(int created, int running, int spinning, int idle, int syscall, int limit) {}

    /**
     * Goroutines: created since start, alive now, and the alive ones by Go state. {@code created} is read off the
     * goroutine ids (each goroutine takes one); while goroutines are being created it may run ahead by up to 16 a
     * P, and it is exact once they are.
     */
    public record GoroutineStats(long created, int live, int running, int runnable, int syscall, int waiting) {}

    /**
     * A histogram with exponential buckets.
     *
     * @param upperBoundsSeconds bucket upper bounds; the last is +Inf
     * @param counts             non-cumulative counts per bucket
     * @param sumSeconds         sum of all samples
     */
    public record LatencyStats(double[] upperBoundsSeconds, long[] counts, double sumSeconds) {
        public long count() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }

        /**
         * The samples taken after {@code earlier}, a snapshot of the same histogram taken before this one: the
         * counts and sum of a window, for quantiles of that window rather than since start. A null
         * {@code earlier} (no previous snapshot) gives this.
         */
        public LatencyStats since(LatencyStats earlier) {
            if (earlier == null || earlier.counts.length != counts.length) {
                return this;
            }
            long[] window = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                window[i] = Math.max(0, counts[i] - earlier.counts[i]);
            }
            return new LatencyStats(upperBoundsSeconds, window, Math.max(0, sumSeconds - earlier.sumSeconds));
        }

        /** The q-quantile (0..1) as the upper bound of the bucket that holds it; 0 if empty. */
        public double quantile(double q) {
            long total = count();
            if (total == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return upperBoundsSeconds[i];
                }
            }
            return upperBoundsSeconds[upperBoundsSeconds.length - 1];
        }
    }
}
