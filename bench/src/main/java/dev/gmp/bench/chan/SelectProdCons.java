package dev.gmp.bench.chan;

import com.softwaremill.jox.Channel;
import dev.gmp.Chan;
import dev.gmp.Select;
import dev.gmp.Time;
import dev.gmp.bench.Join;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * golang/go src/runtime/chan_test.go BenchmarkSelectProdCons: GOMAXPROCS producer/consumer pairs on one channel of
 * capacity 128; each side does 100 steps of local work per value and waits in a three-case select: the channel,
 * a one-hour timer ({@code time.After}) and a close channel, neither of which fires. One op = one value.
 *
 * <p>{@code jdk}: java.util.concurrent cannot wait on three sources, so producers {@code put} and consumers
 * {@code take} on an ArrayBlockingQueue(128): the cheapest j.u.c program with the same data flow (it drops the
 * timer and close cases). {@code jox}: Jox has no timer channel, so the timer case is a channel nobody sends to.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SelectProdCons extends ChanBench {
    static final int CALLS_PER_SCHED = 1000;
    static final int BATCHES = 100;
    static final int OPS = CALLS_PER_SCHED * BATCHES;
    static final int LOCAL_WORK = 100;

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void selectProdCons(Blackhole bh) {
        runner.runMain(() -> {
            AtomicInteger n = new AtomicInteger(BATCHES);
            CountDownLatch c = new CountDownLatch(2 * procs);
            Runnable[] pair = switch (impl) {
                case "gmp" -> gmp(n, bh);
                case "jdk" -> juc(n, bh);
                default -> jox(n, bh);
            };
            for (int p = 0; p < procs; p++) {
                runner.go(() -> {
                    pair[0].run();
                    c.countDown();
                });
                runner.go(() -> {
                    pair[1].run();
                    c.countDown();
                });
            }
            Join.await(c);
        });
    }

    /** Go's "model some local work". */
    static int localWork(int foo) {
        for (int i = 0; i < LOCAL_WORK; i++) {
            foo *= 2;
            foo /= 2;
        }
        return foo;
    }

    private static Runnable[] gmp(AtomicInteger n, Blackhole bh) {
        Chan<Integer> myc = Chan.make(128);
        Chan<Boolean> myclose = Chan.make();
        Runnable producer = () -> {
            int foo = 0;
            Chan<Instant> mytimer = Time.after(Duration.ofHours(1));
            Integer one = 1;
            Select sel = Select.make().send(myc, one).recv(mytimer).recv(myclose);
            while (n.decrementAndGet() >= 0) {
                for (int g = 0; g < CALLS_PER_SCHED; g++) {
                    foo = localWork(foo);
                    sel.select();
                }
            }
            myc.send(0);
            bh.consume(foo == 42);
        };
        Runnable consumer = () -> {
            int foo = 0;
            Chan<Instant> mytimer = Time.after(Duration.ofHours(1));
            Select sel = Select.make().recv(myc).recv(mytimer).recv(myclose);
            while (true) {
                if (sel.select() == 0 && (Integer) sel.received() == 0) {
                    break;
                }
                foo = localWork(foo);
            }
            bh.consume(foo == 42);
        };
        return new Runnable[] {producer, consumer};
    }

    private static Runnable[] juc(AtomicInteger n, Blackhole bh) {
        BlockingQueue<Integer> myc = new ArrayBlockingQueue<>(128);
        Runnable producer = () -> {
            int foo = 0;
            try {
                while (n.decrementAndGet() >= 0) {
                    for (int g = 0; g < CALLS_PER_SCHED; g++) {
                        foo = localWork(foo);
                        myc.put(1);
                    }
                }
                myc.put(0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            bh.consume(foo == 42);
        };
        Runnable consumer = () -> {
            int foo = 0;
            try {
                while (myc.take() != 0) {
                    foo = localWork(foo);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            bh.consume(foo == 42);
        };
        return new Runnable[] {producer, consumer};
    }

    @SuppressWarnings("unchecked")
    private static Runnable[] jox(AtomicInteger n, Blackhole bh) {
        Channel<Integer> myc = Channel.newBufferedChannel(128);
        Channel<Boolean> myclose = Channel.newRendezvousChannel();
        Runnable producer = () -> {
            int foo = 0;
            Channel<Instant> mytimer = Channel.newRendezvousChannel();
            try {
                while (n.decrementAndGet() >= 0) {
                    for (int g = 0; g < CALLS_PER_SCHED; g++) {
                        foo = localWork(foo);
                        com.softwaremill.jox.Select.select(myc.sendClause(1, () -> 0),
                                mytimer.receiveClause(v -> 1), myclose.receiveClause(v -> 2));
                    }
                }
                myc.send(0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            bh.consume(foo == 42);
        };
        Runnable consumer = () -> {
            int foo = 0;
            Channel<Instant> mytimer = Channel.newRendezvousChannel();
            try {
                while (true) {
                    int v = com.softwaremill.jox.Select.select(myc.receiveClause(x -> x),
                            mytimer.receiveClause(x -> -1), myclose.receiveClause(x -> -2));
                    if (v == 0) {
                        break;
                    }
                    foo = localWork(foo);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            bh.consume(foo == 42);
        };
        return new Runnable[] {producer, consumer};
    }
}
