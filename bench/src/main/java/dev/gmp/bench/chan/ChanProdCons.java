package dev.gmp.bench.chan;

import dev.gmp.bench.Join;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * golang/go src/runtime/chan_test.go BenchmarkChanProdCons0/10/100 (benchmarkChanProdCons, localWork = 0):
 * GOMAXPROCS producer/consumer pairs on one channel of capacity {@code cap}; producers take batches of 1000 sends
 * from a shared counter, then send the 0 that stops a consumer. One op = one value sent and received.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChanProdCons extends ChanBench {
    static final int CALLS_PER_SCHED = 1000;
    static final int BATCHES = 100;
    static final int OPS = CALLS_PER_SCHED * BATCHES;

    @Param({"0", "10", "100"})
    public int cap;

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void prodCons() {
        runner.runMain(() -> {
            Pipe myc = pipe(cap);
            AtomicInteger n = new AtomicInteger(BATCHES);
            CountDownLatch c = new CountDownLatch(2 * procs);
            Integer one = 1;
            Integer stop = 0;
            for (int p = 0; p < procs; p++) {
                runner.go(() -> {
                    while (n.decrementAndGet() >= 0) {
                        for (int g = 0; g < CALLS_PER_SCHED; g++) {
                            myc.send(one);
                        }
                    }
                    myc.send(stop);
                    c.countDown();
                });
                runner.go(() -> {
                    while (myc.recv() != 0) {
                        // consume
                    }
                    c.countDown();
                });
            }
            Join.await(c);
        });
    }
}
