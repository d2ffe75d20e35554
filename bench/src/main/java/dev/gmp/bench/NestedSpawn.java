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
 * Nested spawn: a chain of units, each starting the next and exiting; the last one signals the main unit. One op
 * = one unit. Follows golang/go src/runtime/proc_test.go BenchmarkCreateGoroutines (benchmarkCreateGoroutines
 * with procs = 1); the Go side is bench/go BenchmarkNestedSpawn.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NestedSpawn {
    static final int OPS = 10_000;

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
    public void nestedSpawn() {
        runner.runMain(() -> {
            CountDownLatch done = new CountDownLatch(1);
            runner.go(() -> link(OPS - 1, done));
            Join.await(done);
        });
    }

    private void link(int left, CountDownLatch done) {
        if (left == 0) {
            done.countDown();
        } else {
            runner.go(() -> link(left - 1, done));
        }
    }
}
