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
import org.openjdk.jmh.annotations.Warmup;

/**
 * golang/go src/runtime/chan_test.go BenchmarkChanSync (benchmarkChanSync, work = 0): two goroutines take batches
 * of 1000 from a shared counter; on even batches receive-then-send, on odd send-then-receive, over one unbuffered
 * channel. One op = one iteration of a batch (a receive and a send).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChanSync extends ChanBench {
    static final int CALLS_PER_SCHED = 1000;
    static final int PROCS = 2; // fixed in Go's benchmark, whatever GOMAXPROCS is
    static final int BATCHES = 100;
    static final int OPS = CALLS_PER_SCHED * BATCHES;

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void chanSync() {
        runner.runMain(() -> {
            Pipe myc = pipe(0);
            AtomicInteger n = new AtomicInteger(BATCHES / PROCS * PROCS);
            CountDownLatch c = new CountDownLatch(PROCS);
            Integer zero = 0;
            for (int p = 0; p < PROCS; p++) {
                runner.go(() -> {
                    for (int i; (i = n.decrementAndGet()) >= 0; ) {
                        for (int g = 0; g < CALLS_PER_SCHED; g++) {
                            if (i % 2 == 0) {
                                myc.recv();
                                myc.send(zero);
                            } else {
                                myc.send(zero);
                                myc.recv();
                            }
                        }
                    }
                    c.countDown();
                });
            }
            Join.await(c);
        });
    }
}
