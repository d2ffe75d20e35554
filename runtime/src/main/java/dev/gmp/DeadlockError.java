package dev.gmp;

/**
 * Go's {@code fatal error: all goroutines are asleep - deadlock!}: thrown by {@link GmpRuntime#run} when the main
 * goroutine and every other goroutine are blocked on runtime primitives and nothing can wake them (the rule is in
 * {@code internal.sched.CheckDead}). The message is Go's whole report: the fatal error line and a goroutine dump.
 * An {@link Error}, like Go's unrecoverable fatal errors.
 */
public final class DeadlockError extends Error {
    private static final long serialVersionUID = 1L;

    public DeadlockError(String report) {
        super(report, null, false, true); // with a stack: the JDK's source launcher trims its own frames off it
    }
}
