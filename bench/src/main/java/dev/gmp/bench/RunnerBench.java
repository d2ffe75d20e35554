package dev.gmp.bench;

import dev.gmp.internal.sched.StatsSwitch;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The trial-long {@link Runner} a JMH benchmark runs its units on: {@code procs} (GOMAXPROCS and the JDK
 * scheduler's parallelism) and the runner's life cycle. Each subclass declares its own {@code impl} parameter,
 * because the implementations it compares differ, and hands it over through {@link #impl()}.
 */
@State(Scope.Benchmark)
public abstract class RunnerBench {
    @Param({"2"})
    public int procs;

    protected Runner runner;

    /** This benchmark's {@code impl} parameter. */
    protected abstract String impl();

    @Setup
    public void setupRunner() {
        runner = Runner.create(impl(), procs);
    }

    private int iteration;

    /**
     * Under {@code -Dgmp.stats=paired} ({@code bench/costs --only stats}, {@code bench/paired.py}), iterations,
     * warm-up ones included, run with GMP's statistics on, off, off, on, and again; otherwise nothing changes.
     */
    @Setup(Level.Iteration)
    public void pairStatistics() {
        int i = iteration++ % 4;
        StatsSwitch.set(i == 0 || i == 3);
    }

    @TearDown
    public void tearDownRunner() {
        runner.close();
    }
}
