package dev.gmp.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** JFR event for a goroutine preempted at a poll point (Go: {@code preemptone}, {@code gp.preempt}). */
@Name("dev.gmp.Preemption")
@Label("Preemption")
@Category("GMP")
@Description("A goroutine that ran too long yielded at a poll point (Go: preemptone)")

public final class PreemptionEvent extends Event {
    @Label("Goroutine") @Description("goid of the preempted goroutine")
    public long goid;

    @Label("P") @Description("The P it ran on")
    public int processor;

    @Label("M") @Description("The M it ran on")
    public long machineId;

    @Label("Ran For") @Description("How long it had run on this schedule tick when it yielded: from the first sysmon"
            + " tick that saw it running to the poll point, so short of the true time by at most one sysmon period"
            + " (20 us to 10 ms)")
    @Timespan(Timespan.NANOSECONDS)
    public long ranFor;
}
