package dev.gmp.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event for one successful steal (Go: {@code runqsteal} in {@code findRunnable}); high rate, off by default. */
@Name("dev.gmp.WorkSteal")
@Label("Work Steal")
@Category("GMP")
@Description("A P took half of another P's run queue (Go: runqsteal)")
@jdk.jfr.Enabled(false)
@jdk.jfr.StackTrace(false)
public final class WorkStealEvent extends Event {
    @Label("Thief P") @Description("The P that stole")
    public int processor;

    @Label("Victim P") @Description("The P stolen from")
    public int victim;

    @Label("Goroutines") @Description("Goroutines taken (the one run next included)")
    public int goroutines;

    @Label("M") @Description("The thief M")
    public long machineId;
}
