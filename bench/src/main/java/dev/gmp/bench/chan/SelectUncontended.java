package dev.gmp.bench.chan;

import com.softwaremill.jox.Channel;
import dev.gmp.Chan;
import dev.gmp.Select;
import dev.gmp.bench.Join;
import java.util.concurrent.ArrayBlockingQueue;
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
 * golang/go src/runtime/chan_test.go BenchmarkSelectUncontended: GOMAXPROCS goroutines (b.RunParallel), each with
 * its own two channels of capacity 1 and one token: {@code select { case <-myc1: myc2 <- 0; case <-myc2: myc1 <- 0 }}.
 * One op = one select plus one send.
 *
 * <p>{@code jdk}: java.util.concurrent has no select; the equivalent here polls the two queues in order (exactly
 * one of them holds the token, so this never spins), then offers to the other.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SelectUncontended extends ChanBench {
    static final int OPS = 200_000;

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void selectUncontended() {
        runner.runMain(() -> {
            CountDownLatch wg = new CountDownLatch(procs);
            for (int p = 0; p < procs; p++) {
                int share = OPS / procs + (p < OPS % procs ? 1 : 0);
                runner.go(() -> {
                    switch (impl) {
                        case "gmp" -> gmp(share);
                        case "jdk" -> juc(share);
                        default -> jox(share);
                    }
                    wg.countDown();
                });
            }
            Join.await(wg);
        });
    }

    private static void gmp(int n) {
        Chan<Integer> myc1 = Chan.make(1);
        Chan<Integer> myc2 = Chan.make(1);
        myc1.send(0);
        Select sel = Select.make().recv(myc1).recv(myc2);
        for (int i = 0; i < n; i++) {
            if (sel.select() == 0) {
                myc2.send(0);
            } else {
                myc1.send(0);
            }
        }
    }

    private static void juc(int n) {
        ArrayBlockingQueue<Integer> myc1 = new ArrayBlockingQueue<>(1);
        ArrayBlockingQueue<Integer> myc2 = new ArrayBlockingQueue<>(1);
        myc1.offer(0);
        for (int i = 0; i < n; i++) {
            if (myc1.poll() != null) {
                myc2.offer(0);
            } else if (myc2.poll() != null) {
                myc1.offer(0);
            } else {
                throw new IllegalStateException("token lost");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void jox(int n) {
        Channel<Integer> myc1 = Channel.newBufferedChannel(1);
        Channel<Integer> myc2 = Channel.newBufferedChannel(1);
        try {
            myc1.send(0);
            for (int i = 0; i < n; i++) {
                int k = com.softwaremill.jox.Select.select(myc1.receiveClause(v -> 0), myc2.receiveClause(v -> 1));
                (k == 0 ? myc2 : myc1).send(0);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
