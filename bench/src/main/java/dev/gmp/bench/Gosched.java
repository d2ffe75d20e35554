package dev.gmp.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gosched: {@link #UNITS} units yield in a loop; one op = one yield. More units than Ps, so a yield really
 * switches. Like the BenchmarkGosched loops common in Go code (a loop of runtime.Gosched()) and the yielding
 * goroutines of golang/go src/runtime/proc_test.go TestYieldProgress; the Go side is bench/go BenchmarkGosched.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Gosched {
    static final int UNITS = 4;
    static final int YIELDS_EACH = 10_000;
    static final int OPS = UNITS * YIELDS_EACH;

    @Param({"gmp", "jdk", "platform"})
    public String impl;

    @Param({"2"})
    public int procs;

    private Runner runner;

    @Setup
    public void setup() {
        runner = Runner.create(impl, procs);
    }

    @TearDown
    public void tearDown() {
        runner.close();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void gosched() {
        runner.runMain(() -> {
            CountDownLatch wg = new CountDownLatch(UNITS);
            for (int u = 0; u < UNITS; u++) {
                runner.go(() -> {
                    for (int i = 0; i < YIELDS_EACH; i++) {
                        runner.yield();
                    }
                    wg.countDown();
                });
            }
            Join.await(wg);
        });
    }
}
