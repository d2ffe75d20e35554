package dev.gmp.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** JFR event for a proven goroutine leak: collected while waiting, it could never run again. */
@Name("dev.gmp.GoroutineLeak")
@Label("Goroutine Leak")
@Category("GMP")
@Description("A goroutine was garbage-collected while waiting: it could never run again")
@jdk.jfr.StackTrace(false)
public final class GoroutineLeakEvent extends Event {
    @Label("Goroutine") @Description("goid of the leaked goroutine")
    public long goid;

    @Label("Parent Goroutine") @Description("goid of its creator, 0 if created by a platform thread")
    public long parentGoid;

    @Label("Wait Reason") @Description("What it waited for, in Go words")
    public String waitReason;

    @Label("Blocked For") @Description("How long it had waited when found")
    @Timespan(Timespan.NANOSECONDS)
    public long blockedFor;

    @Label("Created By") @Description("The go statement that created it")
    public String createdBy;

    @Label("Last Stack") @Description("Its last known stack, in Go dump shape")
    public String lastStack;
}
