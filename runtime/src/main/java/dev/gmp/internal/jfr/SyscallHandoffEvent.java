package dev.gmp.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** JFR event for a P handed off from an M blocked in a syscall (Go: {@code handoffp} from {@code retake} or {@code entersyscallblock}). */
@Name("dev.gmp.SyscallHandoff")
@Label("Syscall Handoff")
@Category("GMP")
@Description("A P was handed off from an M blocked in a system call (Go: handoffp)")

public final class SyscallHandoffEvent extends Event {
    @Label("P") @Description("The P handed off")
    public int processor;

    @Label("From M") @Description("The M in the syscall, -1 if not known (sysmon retake)")
    public long fromMachineId;

    @Label("Cause") @Description("sysmon: retaken by sysmon; block: handed off at once by entersyscallblock")
    public String cause;

    @Label("Syscall Duration") @Description("How long the syscall had lasted when the P was taken")
    @Timespan(Timespan.NANOSECONDS)
    public long syscallDuration;
}
