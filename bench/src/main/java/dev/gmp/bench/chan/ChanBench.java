package dev.gmp.bench.chan;

import dev.gmp.bench.RunnerBench;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The parameters every channel benchmark shares: {@code impl} = {@code gmp} (GMP channels on GMP goroutines),
 * {@code jdk} (java.util.concurrent queues on the JDK's default virtual threads), {@code jox} (Jox channels on the
 * JDK's default virtual threads); {@code procs} = GOMAXPROCS and the JDK scheduler's parallelism.
 */
@State(Scope.Benchmark)
public abstract class ChanBench extends RunnerBench {
    @Param({"gmp", "jdk", "jox"})
    public String impl;

    @Override
    protected String impl() {
        return impl;
    }

    protected Pipe pipe(int cap) {
        return Pipe.make(impl, cap);
    }
}
