package dev.gmp.bench;

import java.util.concurrent.CountDownLatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Nested spawn: a chain of units, each starting the next and exiting; the last one signals the main unit. One op
 * = one unit. Follows golang/go src/runtime/proc_test.go BenchmarkCreateGoroutines (benchmarkCreateGoroutines
 * with procs = 1); the Go side is bench/go BenchmarkNestedSpawn.
 */
public class NestedSpawn extends SchedBench {
    static final int OPS = 10_000;

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
