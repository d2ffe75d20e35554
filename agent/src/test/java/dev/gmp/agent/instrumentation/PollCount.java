package dev.gmp.agent.instrumentation;

/** Stands in for {@code Preemption.poll()} in woven fixtures ({@link Woven#countingPolls}): counts the calls. */
public final class PollCount {
    public static long polls;

    private PollCount() {}

    public static void poll() {
        polls++;
    }
}
