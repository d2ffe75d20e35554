package dev.gmp.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** Periodic JFR event for the whole scheduler (Go: a {@code schedtrace} line plus the counters). */
@Name("dev.gmp.SchedulerSample")
@Label("Scheduler Sample")
@Category("GMP")
@Description("The scheduler's state and counters (Go: a schedtrace line)")
@Period("1 s")
@StackTrace(false)
public final class SchedulerSampleEvent extends Event {
    static final String LATENCY = "Runnable to running, over the transitions sampled (1 in 32) since the previous"
            + " SchedulerSample event: the upper bound of the histogram bucket that holds the quantile; 0 when no"
            + " transition was sampled in that period";

    @Label("Runtime") @Description("The runtime's name")
    public String runtime;

    @Label("GOMAXPROCS")
    public int gomaxprocs;

    @Label("Idle Ps")
    public int idleProcs;

    @Label("Global Run Queue") @Description("Goroutines on the global run queue")
    public int globalRunqueue;

    @Label("Threads") @Description("Ms created")
    public int threads;

    @Label("Running Threads")
    public int threadsRunning;

    @Label("Spinning Threads")
    public int threadsSpinning;

    @Label("Idle Threads")
    public int threadsIdle;

    @Label("Syscall Threads")
    public int threadsSyscall;

    @Label("Goroutines") @Description("Goroutines alive")
    public int goroutines;

    @Label("Running Goroutines")
    public int goroutinesRunning;

    @Label("Runnable Goroutines")
    public int goroutinesRunnable;

    @Label("Waiting Goroutines")
    public int goroutinesWaiting;

    @Label("Goroutines Created")
    public long goroutinesCreated;

    @Label("Syscalls")
    public long syscalls;

    @Label("Syscall Handoffs")
    public long syscallHandoffs;

    @Label("Preemptions")
    public long preemptions;

    @Label("Steals")
    public long steals;

    @Label("Panics")
    public long panics;

    @Label("Scheduling Latency p50") @Description(LATENCY)
    @Timespan(Timespan.NANOSECONDS)
    public long schedLatencyP50;

    @Label("Scheduling Latency p99") @Description(LATENCY)
    @Timespan(Timespan.NANOSECONDS)
    public long schedLatencyP99;
}
