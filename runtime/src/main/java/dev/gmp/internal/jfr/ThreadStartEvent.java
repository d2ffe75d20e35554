package dev.gmp.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event for a new M (Go: {@code newm}, {@code sched.mnext}): a carrier thread started. */
@Name("dev.gmp.ThreadStart")
@Label("Thread Start")
@Category("GMP")
@Description("A new M (carrier thread) was started (Go: newm)")

public final class ThreadStartEvent extends Event {
    @Label("M") @Description("Id of the new M")
    public long machineId;

    @Label("Threads") @Description("Ms created so far, this one included")
    public int threads;

    @Label("Thread Limit") @Description("maxThreads: past it the runtime dies of thread exhaustion")
    public int threadLimit;
}
