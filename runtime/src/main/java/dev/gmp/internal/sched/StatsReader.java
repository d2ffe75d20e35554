package dev.gmp.internal.sched;

import dev.gmp.GmpStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link GmpStats} read view from a scheduler's state: per-P counters (opaque loads), queue
 * depths, M flags and the latency recorders. O(P + M); never takes the scheduler lock, never walks goroutines.
 */
public final class StatsReader {
    private StatsReader() {}

    public static GmpStats read(Scheduler s) {
        Processor[] ever = s.allpEver;
        int gomaxprocs = s.gomaxprocs;
        List<GmpStats.ProcessorStats> ps = new ArrayList<>(ever.length);
        long syscalls = 0;
        long preempts = 0;
        long unissued = 0;
        int queued = 0;
        for (Processor p : ever) {
            Machine m = p.m;
            int rq = p.runq.ringSize();
            boolean next = p.runq.hasRunnext();
            queued += rq + (next ? 1 : 0);
            ps.add(new GmpStats.ProcessorStats(p.id, pstatus(p.status()), p.id < gomaxprocs, rq, next,
                    p.schedtick(), p.syscalltick(), p.counter(Processor.STEALS), p.counter(Processor.STOLEN),
                    p.counter(Processor.OVERFLOWS), m != null ? m.id : -1));
            syscalls += p.counter(Processor.SYSCALLS);
            preempts += p.counter(Processor.PREEMPTS);
            unissued += p.unissuedGoids();
        }
        Machine[] ms = s.allm;
        List<GmpStats.MachineStats> machines = new ArrayList<>(ms.length);
        int running = 0;
        int spinning = 0;
        int syscall = 0;
        int gRunning = 0;
        for (Machine m : ms) {
            Processor p = m.p;
            Goroutine g = m.curg;
            boolean sys = m.inSyscall;
            boolean spin = m.spinning;
            machines.add(new GmpStats.MachineStats(m.id, p != null ? p.id : -1, g != null ? g.goid : 0, spin, sys));
            if (sys) {
                syscall++;
            } else if (spin) {
                spinning++;
            } else if (p != null) {
                running++;
            }
            if (g != null && !sys && g.status() == GStatus.RUNNING) {
                gRunning++;
            }
        }
        long created = created(s, unissued);
        int idle = s.nmidle;
        int live = s.registry.size();
        int runnable = queued + s.runq.size();
        int waiting = Math.max(0, live - gRunning - runnable - syscall);
        long[] sum = new long[1];
        long[] counts = s.latency.snapshot(sum);
        double[] bounds = new double[counts.length];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = LatencyHistogram.upperBoundSeconds(i);
        }
        return new GmpStats(s.nanotime(), gomaxprocs, s.npidle.get(),
                s.spinning.nmspinning.get(), s.spinning.needspinning.get(),
                s.runq.size(), ps, machines,
                new GmpStats.ThreadStats(ms.length, running, spinning, idle, syscall, s.config.maxThreads()),
                new GmpStats.GoroutineStats(created, live, gRunning, runnable, syscall, waiting),
                syscalls, s.handoffsSysmon.sum(), s.handoffsBlock.sum(), preempts, s.panics.count(),
                new GmpStats.LatencyStats(bounds, counts, sum[0] / 1e9), s.detections.deadlocks(),
                s.detections.leaks(), s.detections.suspected());
    }

    /**
     * Goroutines created: every goroutine takes an id, so the ids taken from goidgen, less those still unissued
     * in the Ps' caches (read before goidgen). Racy: a P refilling its cache while the Ps are read makes the
     * figure up to 16 a P too high until those ids are issued; it never goes back down (a counter), so it is kept
     * monotonic across reads.
     */
    private static long created(Scheduler s, long unissued) {
        long now = Math.max(0, s.goidgen.get() - unissued);
        return s.createdSeen.accumulateAndGet(now, Math::max);
    }

    static String pstatus(int s) {
        return switch (s) {
            case PStatus.IDLE -> "idle";
            case PStatus.RUNNING -> "running";
            case PStatus.SYSCALL -> "syscall";
            case PStatus.DEAD -> "dead";
            default -> "unknown";
        };
    }
}
