package dev.gmp.bench;

import java.util.concurrent.CountDownLatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Spawn+join: start {@link #WIDTH} units, wait for all of them, repeat; one op = one unit started and joined.
 * After golang/go src/runtime/proc_test.go BenchmarkCreateGoroutinesCapture (a WaitGroup joined per round), with
 * wider rounds; the Go side is bench/go BenchmarkSpawnJoin.
 */
public class SpawnJoin extends SchedBench {
    static final int WIDTH = 100;
    static final int ROUNDS = 100;
    static final int OPS = WIDTH * ROUNDS;

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
