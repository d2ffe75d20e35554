package dev.gmp.internal.sched;

/**
 * Scheduler events that exporters may record (JFR). Called on the scheduler's paths, so an implementation must
 * be cheap when its events are disabled; the default does nothing.
 */
public interface SchedEvents {
    SchedEvents NONE = new SchedEvents() {};

    /** A thief P took {@code n} goroutines from {@code victim}. Called on the thief's M. */
    default void workSteal(Processor thief, Processor victim, int n) {}

    /** A new M was started. */
    default void threadStart(Machine m, int threads) {}

    /** A P was handed off from an M in a syscall; {@code cause} is "sysmon" or "block". */
    default void syscallHandoff(Processor pp, Machine from, String cause, long syscallNanos) {}

    /** A goroutine was preempted after running {@code ranNanos}. */
    default void preemption(Goroutine g, Processor pp, long ranNanos) {}

    /** A goroutine panicked (its exception was uncaught). */
    default void panic(Goroutine g, Throwable e) {}

    /**
     * A goroutine was collected while waiting: a proven leak. {@code lastStack} is its last known stack (may be
     * empty), {@code createdBy} its creation site.
     */
    default void goroutineLeak(long goid, long parentGoid, String waitReason, long blockedNanos,
                               StackTraceElement[] createdBy, StackTraceElement[] lastStack) {}

    /** Every goroutine is asleep; {@code dump} is the goroutine dump printed with the fatal error. */
    default void deadlock(int goroutines, String dump) {}
}
