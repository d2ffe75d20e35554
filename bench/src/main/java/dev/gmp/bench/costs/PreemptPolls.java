package dev.gmp.bench.costs;

import dev.gmp.bench.costs.kernels.Kernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the agent's preemption polls cost (at most 5 % in a loop-heavy benchmark). The kernels live in
 * {@code dev.gmp.bench.costs.kernels}; {@code bench/costs} runs this class twice under the real agent, once with
 * {@code preempt=dev.gmp.bench.costs.kernels.} and once without, and reports the ratio per kernel. Nothing
 * requests preemption meanwhile, so every poll takes its fast path: one static volatile read. {@link PollCheck}
 * shows, in the same JVM setup, that the polls are there.
 *
 * <p>The kernels' sizes are read from fields, not passed as constants: once a kernel is inlined into the
 * benchmark method, a constant size would give the JIT a known trip count that application loops rarely have
 * (JMH's constant-folding advice), and would measure that folding rather than the polls.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PreemptPolls {
    private static final int N = 48;
    private int n = N;
    private int collatzN = 300;
    private int fibN = 20;
    private final int[] ints = new Random(42).ints(4096).toArray();
    private final double[] a = new Random(1).doubles(N * N).toArray();
    private final double[] b = new Random(2).doubles(N * N).toArray();
    private final double[] c = new double[N * N];
    private Kernels.Node list;

    @Setup
    public void buildList() {
        for (int v : ints) {
            list = new Kernels.Node(v, list);
        }
    }

    @Benchmark
    public long sum() {
        return Kernels.sum(ints);
    }

    @Benchmark
    public int hash() {
        return Kernels.hash(ints);
    }

    @Benchmark
    public int hashWithHelper() {
        return Kernels.hashWithHelper(ints);
    }

    @Benchmark
    public long collatz() {
        return Kernels.collatz(collatzN);
    }

    @Benchmark
    public long listSum() {
        return Kernels.listSum(list);
    }

    @Benchmark
    public double matmul() {
        return Kernels.matmul(a, b, c, n);
    }

    @Benchmark
    public int fib() {
        return Kernels.fib(fibN);
    }
}
