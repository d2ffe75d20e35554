package dev.gmp.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** Periodic JFR event, one per active P (Go: a {@code scheddetail} {@code P<n>:} line): its queue and counters. */
@Name("dev.gmp.ProcessorSample")
@Label("Processor Sample")
@Category("GMP")
@Description("One P's state and counters (Go: a scheddetail P line)")
@Period("1 s")
@StackTrace(false)
public final class ProcessorSampleEvent extends Event {
    @Label("Runtime") @Description("The runtime's name")
    public String runtime;

    @Label("P") @Description("Processor index (the p label)")
    public int processor;

    @Label("Status") @Description("idle, running, syscall or dead")
    public String status;

    @Label("Run Queue") @Description("Goroutines in the local run queue")
    public int runqueue;

    @Label("Runnext") @Description("Whether the runnext slot holds a goroutine")
    public boolean runnext;

    @Label("Schedule Tick") @Description("p.schedtick: scheduler calls on this P")
    public long schedtick;

    @Label("Syscall Tick") @Description("p.syscalltick: system calls on this P")
    public long syscalltick;

    @Label("Steals") @Description("Successful steals by this P")
    public long steals;

    @Label("Stolen Goroutines") @Description("Goroutines this P took by stealing")
    public long stolenGoroutines;

    @Label("Run Queue Overflows") @Description("Half-queue batches moved to the global queue (runqputslow)")
    public long overflows;

    @Label("M") @Description("The owning M, -1 if none")
    public long machineId;
}
