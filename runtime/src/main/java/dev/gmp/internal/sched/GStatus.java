package dev.gmp.internal.sched;

/**
 * Goroutine states, with Go's numbers and names (runtime2.go {@code _Gidle} ... {@code _Gdead}).
 *
 * <p>{@code _Gcopystack}, {@code _Gpreempted} and the GC scan bits have no counterpart here.
 */
public final class GStatus {
    public static final int IDLE = 0;     // _Gidle: just allocated, not yet started
    public static final int RUNNABLE = 1; // _Grunnable: on a run queue, not running
    public static final int RUNNING = 2;  // _Grunning: mounted on an M that owns a P
    public static final int SYSCALL = 3;  // _Gsyscall: blocking its M in a "system call"
    public static final int WAITING = 4;  // _Gwaiting: parked; a wait reason says on what
    public static final int DEAD = 6;     // _Gdead: finished

    private GStatus() {}

    /** Go's lowercase name, as printed in dumps and exported as the {@code state} label. */
    public static String name(int status) {
        return switch (status) {
            case IDLE -> "idle";
            case RUNNABLE -> "runnable";
            case RUNNING -> "running";
            case SYSCALL -> "syscall";
            case WAITING -> "waiting";
            case DEAD -> "dead";
            default -> "unknown(" + status + ")";
        };
    }
}
