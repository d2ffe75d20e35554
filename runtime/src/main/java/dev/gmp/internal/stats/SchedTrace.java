package dev.gmp.internal.stats;

import dev.gmp.GmpStats;
import dev.gmp.internal.sched.GStatus;
import dev.gmp.internal.sched.Goroutine;
import dev.gmp.internal.sched.WaitReasons;
import java.util.List;

/**
 * Renders Go's {@code GODEBUG=schedtrace=X[,scheddetail=1]} lines (proc.go {@code schedtrace}) from the stats
 * read view. The summary line:
 * <pre>SCHED 1004ms: gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 needspinning=0 idlethreads=2 runqueue=0 [3 1]</pre>
 * {@code threads} counts Ms (carrier threads). With detail, Go's per-P, per-M and per-G lines follow; fields
 * with no JVM meaning (mallocing, gfreecnt, ...) print Go's zero value so parsers keep working.
 */
public final class SchedTrace {
    private SchedTrace() {}

    public static String render(GmpStats s, boolean detail, List<Goroutine> goroutines) {
        StringBuilder out = new StringBuilder(128);
        out.append("SCHED ").append(s.uptimeNanos() / 1_000_000).append("ms: gomaxprocs=").append(s.gomaxprocs())
                .append(" idleprocs=").append(s.idleProcs())
                .append(" threads=").append(s.threads().created())
                .append(" spinningthreads=").append(s.spinningThreads())
                .append(" needspinning=").append(s.needSpinning())
                .append(" idlethreads=").append(s.threads().idle())
                .append(" runqueue=").append(s.globalRunqueue());
        if (detail) {
            out.append(" gcwaiting=false nmidlelocked=0 stopwait=0 sysmonwait=false\n");
            for (GmpStats.ProcessorStats p : s.processors()) {
                if (!p.active()) {
                    continue;
                }
                out.append("  P").append(p.id()).append(": status=").append(pstatusCode(p.status()))
                        .append(" schedtick=").append(p.schedtick())
                        .append(" syscalltick=").append(p.syscalltick())
                        .append(" m=").append(p.machineId() >= 0 ? Long.toString(p.machineId()) : "nil")
                        .append(" runqsize=").append(p.runqueue())
                        .append(" gfreecnt=0 timerslen=0\n");
            }
            for (GmpStats.MachineStats m : s.machines()) {
                out.append("  M").append(m.id()).append(": p=").append(m.p() >= 0 ? Integer.toString(m.p()) : "nil")
                        .append(" curg=").append(m.curg() != 0 ? Long.toString(m.curg()) : "nil")
                        .append(" mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=").append(m.spinning())
                        .append(" blocked=").append(m.p() < 0 && !m.syscall())
                        .append(" lockedg=nil\n");
            }
            for (Goroutine g : goroutines) {
                int st = g.status();
                long mid = g.machineId();
                out.append("  G").append(g.goid()).append(": status=").append(st)
                        .append('(').append(st == GStatus.WAITING ? WaitReasons.of(g) : "").append(')')
                        .append(" m=").append(mid >= 0 ? Long.toString(mid) : "nil")
                        .append(" lockedm=nil\n");
            }
        } else {
            List<GmpStats.ProcessorStats> ps = s.processors();
            out.append(" [");
            boolean first = true;
            for (GmpStats.ProcessorStats p : ps) {
                if (p.active()) {
                    out.append(first ? "" : " ").append(p.runqueue());
                    first = false;
                }
            }
            out.append("]\n");
        }
        return out.toString();
    }

    private static int pstatusCode(String status) {
        return switch (status) {
            case "idle" -> 0;
            case "running" -> 1;
            case "syscall" -> 2;
            default -> 4;
        };
    }
}
