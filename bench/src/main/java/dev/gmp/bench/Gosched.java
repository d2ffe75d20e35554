package dev.gmp.bench;

import java.util.concurrent.CountDownLatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Gosched: {@link #UNITS} units yield in a loop; one op = one yield. More units than Ps, so a yield really
 * switches. Like the BenchmarkGosched loops common in Go code (a loop of runtime.Gosched()) and the yielding
 * goroutines of golang/go src/runtime/proc_test.go TestYieldProgress; the Go side is bench/go BenchmarkGosched.
 */
public class Gosched extends SchedBench {
    static final int UNITS = 4;
    static final int YIELDS_EACH = 10_000;
    static final int OPS = UNITS * YIELDS_EACH;

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
