package dev.gmp.bench.chan;

import dev.gmp.bench.Runner;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The parameters every channel benchmark shares: {@code impl} = {@code gmp} (GMP channels on GMP goroutines),
 * {@code jdk} (java.util.concurrent queues on the JDK's default virtual threads), {@code jox} (Jox channels on the
 * JDK's default virtual threads); {@code procs} = GOMAXPROCS and the JDK scheduler's parallelism.
 */
@State(Scope.Benchmark)
public abstract class ChanBench {
    @Param({"gmp", "jdk", "jox"})
    public String impl;

    @Param({"2"})
    public int procs;

    protected Runner runner;

    @Setup
    public void setupRunner() {
        runner = Runner.create(impl, procs);
    }

    @TearDown
    public void tearDownRunner() {
        runner.close();
    }

    protected Pipe pipe(int cap) {
        return Pipe.make(impl, cap);
    }
}
