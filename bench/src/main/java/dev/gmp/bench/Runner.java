package dev.gmp.bench;

import java.util.concurrent.Callable;

/**
 * How a benchmark runs concurrent units: GMP goroutines, JDK virtual threads on the JDK's default scheduler, or
 * platform threads. Every workload is written once against this interface so the implementations run the same
 * code; only {@code go}, the main unit, {@code yield} and {@code syscall} differ.
 *
 * <p>A benchmark invocation runs its whole batch inside {@link #runMain}: the batch starts units from a unit (as
 * Go's benchmarks start goroutines from the benchmark goroutine), so GMP takes its {@code runnext} path and the
 * JDK its worker-local path, instead of both taking the external-submission path of a platform thread.
 */
public interface Runner extends AutoCloseable {
    /** {@code go fn()}. */
    void go(Runnable fn);

    /** Runs {@code main} as a unit of this implementation and waits for it; rethrows what it threw. */
    void runMain(Runnable main);

    /** {@code runtime.Gosched()}: let another unit run. The JDK's {@code Thread.yield()} unless GMP's. */
    default void yield() {
        Thread.yield();
    }

    /**
     * A call that blocks the carrier thread (a system call): GMP wraps it in {@code GmpRuntime.syscall}
     * (entersyscall/exitsyscall, P handoff by sysmon); the others simply make it (measured on JDK 25: the default
     * scheduler does not compensate for a virtual thread blocked in a FIFO read, see {@link BlockingReads}).
     */
    default <T> T syscall(Callable<T> call) throws Exception {
        return call.call();
    }

    @Override
    void close();

    /**
     * The runner named by a benchmark's {@code impl} parameter: {@code gmp} (a {@link dev.gmp.GmpRuntime} with
     * {@code procs} Ps), {@code jdk} (the JDK's default virtual-thread scheduler, whose parallelism must equal
     * {@code procs}), {@code platform} (one platform thread per unit; {@code procs} does not apply), {@code floor}
     * (the least a virtual-thread scheduler does, {@link FloorRunner}; {@code procs} 1 only).
     */
    static Runner create(String impl, int procs) {
        return switch (impl) {
            case "gmp" -> new GmpRunner(procs);
            case "jdk", "jox" -> new JdkRunner(procs);
            case "platform" -> new PlatformRunner();
            case "floor" -> new FloorRunner(procs);
            default -> throw new IllegalArgumentException("impl=" + impl + ": valid: gmp, jdk, jox, platform, floor");
        };
    }
}
