package dev.gmp.bench.chan;

import dev.gmp.bench.Join;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * golang/go src/runtime/chan_test.go BenchmarkChanNonblocking: GOMAXPROCS goroutines (b.RunParallel) each do
 * {@code select { case <-myc: default: }} on one unbuffered channel nobody sends to. One op = one select.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChanNonblocking extends ChanBench {
    static final int OPS = 1_000_000;

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void nonblocking(Blackhole bh) {
        runner.runMain(() -> {
            Pipe myc = pipe(0);
            CountDownLatch wg = new CountDownLatch(procs);
            for (int p = 0; p < procs; p++) {
                int share = OPS / procs + (p < OPS % procs ? 1 : 0);
                runner.go(() -> {
                    for (int i = 0; i < share; i++) {
                        bh.consume(myc.tryRecv());
                    }
                    wg.countDown();
                });
            }
            Join.await(wg);
        });
    }
}
