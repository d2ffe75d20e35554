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
 * Spawn+join: start {@link #WIDTH} units, wait for all of them, repeat; one op = one unit started and joined.
 * After golang/go src/runtime/proc_test.go BenchmarkCreateGoroutinesCapture (a WaitGroup joined per round), with
 * wider rounds; the Go side is bench/go BenchmarkSpawnJoin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SpawnJoin {
    static final int WIDTH = 100;
    static final int ROUNDS = 100;
    static final int OPS = WIDTH * ROUNDS;

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
    public void spawnJoin() {
        runner.runMain(this::rounds);
    }

    private void rounds() {
        for (int r = 0; r < ROUNDS; r++) {
            CountDownLatch wg = new CountDownLatch(WIDTH);
            for (int i = 0; i < WIDTH; i++) {
                runner.go(wg::countDown);
            }
            Join.await(wg);
        }
    }
}
