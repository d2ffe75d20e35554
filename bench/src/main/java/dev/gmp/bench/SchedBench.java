package dev.gmp.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parameters and run settings the scheduler benchmarks share (as {@code chan.ChanBench} for the channel
 * ones): {@code impl} = {@code gmp}, {@code jdk} (the JDK's default virtual threads) or {@code platform} (a platform
 * thread per unit); {@code procs} = GOMAXPROCS and the JDK scheduler's parallelism. JMH's class annotations are
 * inherited.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class SchedBench extends RunnerBench {
    @Param({"gmp", "jdk", "platform"})
    public String impl;

    @Override
    protected String impl() {
        return impl;
    }
}
