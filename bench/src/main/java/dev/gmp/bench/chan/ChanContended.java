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

/**
 * golang/go src/runtime/chan_test.go BenchmarkChanContended: GOMAXPROCS goroutines (b.RunParallel) share one
 * channel of capacity 100 * GOMAXPROCS; each op sends 100 values then receives 100. One op = 100 sends + 100
 * receives, as in Go.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChanContended extends ChanBench {
    static final int C = 100;
    static final int OPS = 2_000;

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void contended() {
        runner.runMain(() -> {
            Pipe myc = pipe(C * procs);
            CountDownLatch wg = new CountDownLatch(procs);
            Integer zero = 0;
            for (int p = 0; p < procs; p++) {
                int share = OPS / procs + (p < OPS % procs ? 1 : 0);
                runner.go(() -> {
                    for (int i = 0; i < share; i++) {
                        for (int j = 0; j < C; j++) {
                            myc.send(zero);
                        }
                        for (int j = 0; j < C; j++) {
                            myc.recv();
                        }
                    }
                    wg.countDown();
                });
            }
            Join.await(wg);
        });
    }
}
