package dev.gmp.internal.sched;

/** Processor states, with Go's numbers (runtime2.go {@code _Pidle} ... {@code _Pdead}). */
public final class PStatus {
    public static final int IDLE = 0;    // _Pidle: on the idle list, or being handed over
    public static final int RUNNING = 1; // _Prunning: owned by an M running user code or the scheduler
    public static final int SYSCALL = 2; // _Psyscall: its M is in a syscall; sysmon may retake it
    public static final int DEAD = 4;    // _Pdead: retired by a GOMAXPROCS decrease

    private PStatus() {}
}
