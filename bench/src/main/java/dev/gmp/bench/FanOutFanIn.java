package dev.gmp.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fan-out/fan-in of 1,000,000 units: the main unit starts them all at once (so most of them are queued at the
 * same time, exercising local-queue overflow, the global queue and stealing), each adds its index to a sum, and
 * the main unit waits for all of them. An invocation fails if any unit is lost or runs twice (count and sum are
 * both checked). One op = one unit. The Go side is bench/go BenchmarkFanOutFanIn. Platform threads are left out:
 * a million of them do not fit this machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class FanOutFanIn extends RunnerBench {
    static final int UNITS = 1_000_000;

    @Param({"gmp", "jdk"})
    public String impl;

    @Override
    protected String impl() {
        return impl;
    }

    @Benchmark
    @OperationsPerInvocation(UNITS)
    public long fanOutFanIn() {
        LongAdder sum = new LongAdder();
        LongAdder count = new LongAdder();
        runner.runMain(() -> {
            CountDownLatch wg = new CountDownLatch(UNITS);
            for (int i = 0; i < UNITS; i++) {
                long id = i;
                runner.go(() -> {
                    sum.add(id);
                    count.increment();
                    wg.countDown();
                });
            }
            Join.await(wg);
        });
        long n = count.sum();
        long s = sum.sum();
        long want = (long) UNITS * (UNITS - 1) / 2;
        if (n != UNITS || s != want) {
            throw new IllegalStateException("fan-out/fan-in lost work: " + n + " of " + UNITS + " units ran, sum "
                    + s + " want " + want);
        }
        return s;
    }
}
