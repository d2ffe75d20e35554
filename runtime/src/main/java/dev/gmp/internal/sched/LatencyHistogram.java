package dev.gmp.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Scheduling latency, runnable to running (Go's {@code /sched/latencies:seconds}, runtime/metrics; sampled per
 * goroutine like proc.go's {@code gTrackingPeriod}, 1 in {@value #TRACKING_PERIOD} runnable transitions).
 *
 * <p>Go samples 1 in 8. A sample costs two clock reads, and {@code System.nanoTime()} costs about 32 ns on the
 * development machine: at 1 in 8 that alone comes to 8 ns a transition, 2.5 to 3 % of a 280 ns spawn or a 640 ns
 * ping-pong, more than the 2 % budget for all statistics. 1 in 32 keeps Go's method at a quarter of
 * the cost; a server doing 10,000 hand-offs a second still records about 300 samples a second.
 *
 * <p>Exponential buckets with upper bounds 1µs·2^k, k = 0..{@value #FINITE_BUCKETS}-1, plus +Inf. Each P
 * records into its own {@link Recorder} with plain (opaque) stores; {@link #snapshot()} sums the recorders.
 * No lock and no shared atomic on the hot path.
 */
public final class LatencyHistogram {
    /** Number of finite buckets: 1µs .. 2^25µs (~33.5s). */
    public static final int FINITE_BUCKETS = 26;
    /** One runnable transition in this many, per goroutine, is timed (Go's gTrackingPeriod is 8; a power of 2). */
    public static final int TRACKING_PERIOD = 32;
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    private final CopyOnWriteArrayList<Recorder> recorders = new CopyOnWriteArrayList<>();

    Recorder recorder() {
        Recorder r = new Recorder();
        recorders.add(r);
        return r;
    }

    /** Upper bound of bucket {@code i} in seconds; +Inf for the last. */
    public static double upperBoundSeconds(int i) {
        return i >= FINITE_BUCKETS ? Double.POSITIVE_INFINITY : (1L << i) * 1e-6;
    }

    static int bucketOf(long nanos) {
        long micros = (nanos + 999) / 1000;
        if (micros <= 1) {
            return 0;
        }
        int b = 64 - Long.numberOfLeadingZeros(micros - 1); // ceil(log2(micros))
        return Math.min(b, FINITE_BUCKETS);
    }

    /** Non-cumulative bucket counts (length FINITE_BUCKETS + 1), then total nanos in {@code sum[0]}. */
    public long[] snapshot(long[] sum) {
        long[] out = new long[FINITE_BUCKETS + 1];
        long s = 0;
        for (Recorder r : recorders) {
            for (int i = 0; i < out.length; i++) {
                out[i] += (long) CELL.getOpaque(r.cells, Recorder.PAD + i);
            }
            s += (long) CELL.getOpaque(r.cells, Recorder.SUM);
        }
        sum[0] = s;
        return out;
    }

    /**
     * One writer's cells (a P's): the bucket counts, then the sum, in one array padded by a cache line on each
     * side, so two Ps recording at once never write the same line (as {@code Processor}'s counters). Single
     * writer; readers use opaque loads.
     */
    static final class Recorder {
        static final int PAD = 8; // longs: one 64-byte line
        static final int SUM = PAD + FINITE_BUCKETS + 1;
        private final long[] cells = new long[SUM + 1 + PAD];

        void record(long nanos) {
            if (nanos < 0) {
                nanos = 0;
            }
            int b = PAD + bucketOf(nanos);
            CELL.setOpaque(cells, b, (long) CELL.getOpaque(cells, b) + 1);
            CELL.setOpaque(cells, SUM, (long) CELL.getOpaque(cells, SUM) + nanos);
        }
    }
}
