package dev.gmp.bench.juc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Exchanger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * java.util.concurrent on plain virtual threads, for the parity of GMP with the JDK's scheduler under the agent.
 * The code only uses {@code Thread.ofVirtual()} and {@code Executors.newVirtualThreadPerTaskExecutor()}: which
 * scheduler runs them is the agent's {@code virtualthreads=} option, given per JMH run ({@code bench/juc} runs
 * {@code virtualthreads=gmp,gomaxprocs=N} and {@code virtualthreads=jdk} with the JDK scheduler's parallelism N,
 * in separate forks back to back). Each invocation runs {@link #OPS} operations inside one virtual thread, which
 * the JMH thread joins; one op is one hand-off (a value or a turn passed from one virtual thread to another), one
 * lock acquisition, one unit counted down, one future stage, or one task spawned and joined.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JucParity {
    static final int OPS = 10_000;
    private static final int CONTENDERS = 4;
    private static final int FAN_IN = 16;
    private static final int CHAIN = 10;
    private static final int SPAWN_BATCH = 100;

    @Param({"SynchronousQueue", "LinkedTransferQueue", "Exchanger", "Phaser", "ArrayBlockingQueue1",
            "LinkedBlockingQueue", "LockCondition", "ContendedLock", "Semaphore", "CountDownLatch",
            "CompletableFuture", "SpawnJoin"})
    public String workload;

    private interface Body {
        void run() throws Exception;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void run() throws Exception {
        Body body = switch (workload) {
            case "SynchronousQueue" -> () -> pingPong(new SynchronousQueue<>(), new SynchronousQueue<>(),
                    BlockingQueue::put);
            case "LinkedTransferQueue" -> () -> pingPong(new LinkedTransferQueue<>(), new LinkedTransferQueue<>(),
                    JucParity::transfer);
            case "Exchanger" -> JucParity::exchanger;
            case "Phaser" -> JucParity::phaser;
            case "ArrayBlockingQueue1" -> () -> pipe(new ArrayBlockingQueue<>(1));
            case "LinkedBlockingQueue" -> () -> pipe(new LinkedBlockingQueue<>(100));
            case "LockCondition" -> JucParity::lockCondition;
            case "ContendedLock" -> () -> {
                ReentrantLock lock = new ReentrantLock();
                contended(lock::lock, lock::unlock);
            };
            case "Semaphore" -> () -> {
                Semaphore sem = new Semaphore(1);
                contended(sem::acquire, sem::release);
            };
            case "CountDownLatch" -> JucParity::countDownLatch;
            case "CompletableFuture" -> JucParity::completableFuture;
            case "SpawnJoin" -> JucParity::spawnJoin;
            default -> throw new IllegalArgumentException("workload=" + workload);
        };
        Throwable[] failure = new Throwable[1];
        Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }).join();
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
    }

    private static Thread start(Body b) {
        return Thread.ofVirtual().start(() -> {
            try {
                b.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private interface Send {
        void send(BlockingQueue<Integer> q, int v) throws InterruptedException;
    }

    /** OPS hand-offs: OPS/2 round trips through two queues, each value sent with {@code send}. */
    private static void pingPong(BlockingQueue<Integer> ping, BlockingQueue<Integer> pong, Send send)
            throws Exception {
        Thread other = start(() -> {
            for (int i = 0; i < OPS / 2; i++) {
                send.send(pong, ping.take() + 1);
            }
        });
        for (int i = 0; i < OPS / 2; i++) {
            send.send(ping, i);
            if (pong.take() != i + 1) {
                throw new AssertionError();
            }
        }
        other.join();
    }

    private static void transfer(BlockingQueue<Integer> q, int v) throws InterruptedException {
        ((LinkedTransferQueue<Integer>) q).transfer(v);
    }

    /** OPS exchanges between two virtual threads. */
    private static void exchanger() throws Exception {
        Exchanger<Integer> ex = new Exchanger<>();
        Thread other = start(() -> {
            for (int i = 0; i < OPS; i++) {
                ex.exchange(-i);
            }
        });
        for (int i = 0; i < OPS; i++) {
            if (ex.exchange(i) != -i) {
                throw new AssertionError();
            }
        }
        other.join();
    }

    /** OPS phases of a two-party Phaser. */
    private static void phaser() throws Exception {
        Phaser ph = new Phaser(2);
        Thread other = start(() -> {
            for (int i = 0; i < OPS; i++) {
                ph.arriveAndAwaitAdvance();
            }
        });
        for (int i = 0; i < OPS; i++) {
            ph.arriveAndAwaitAdvance();
        }
        other.join();
    }

    /** OPS values from a producer to a consumer through q. */
    private static void pipe(BlockingQueue<Integer> q) throws Exception {
        Thread producer = start(() -> {
            for (int i = 0; i < OPS; i++) {
                q.put(i);
            }
        });
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            sum += q.take();
        }
        producer.join();
        if (sum != (long) OPS * (OPS - 1) / 2) {
            throw new AssertionError();
        }
    }

    /** OPS hand-offs of a turn under a ReentrantLock, each side awaiting its Condition. */
    private static void lockCondition() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Condition changed = lock.newCondition();
        int[] turn = {0};
        Body player0 = () -> play(lock, changed, turn, 0);
        Thread other = start(() -> play(lock, changed, turn, 1));
        player0.run();
        other.join();
    }

    private static void play(ReentrantLock lock, Condition changed, int[] turn, int me) throws InterruptedException {
        for (int i = me; i < OPS; i += 2) {
            lock.lock();
            try {
                while (turn[0] != i) {
                    changed.await();
                }
                turn[0] = i + 1;
                changed.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    private interface Acquire {
        void acquire() throws InterruptedException;
    }

    /** OPS acquisitions by CONTENDERS virtual threads of a lock or permit, each guarding a shared count. */
    private static void contended(Acquire acquire, Runnable release) throws Exception {
        long[] count = {0};
        List<Thread> ts = new ArrayList<>();
        for (int c = 0; c < CONTENDERS; c++) {
            ts.add(start(() -> {
                for (int i = 0; i < OPS / CONTENDERS; i++) {
                    acquire.acquire();
                    try {
                        count[0]++;
                    } finally {
                        release.run();
                    }
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        if (count[0] != OPS) {
            throw new AssertionError();
        }
    }

    /** OPS units: rounds of FAN_IN virtual threads counting down one latch the caller awaits. */
    private static void countDownLatch() throws Exception {
        for (int r = 0; r < OPS / FAN_IN; r++) {
            CountDownLatch done = new CountDownLatch(FAN_IN);
            for (int i = 0; i < FAN_IN; i++) {
                Thread.ofVirtual().start(done::countDown);
            }
            done.await();
        }
    }

    /** OPS stages: chains of CHAIN async stages on a virtual-thread-per-task executor, each chain joined. */
    private static void completableFuture() throws Exception {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int r = 0; r < OPS / CHAIN; r++) {
                CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> 0, ex);
                for (int s = 1; s < CHAIN; s++) {
                    f = f.thenApplyAsync(x -> x + 1, ex);
                }
                if (f.join() != CHAIN - 1) {
                    throw new AssertionError();
                }
            }
        }
    }

    /** OPS tasks submitted to newVirtualThreadPerTaskExecutor and joined, SPAWN_BATCH at a time. */
    private static void spawnJoin() throws Exception {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>(SPAWN_BATCH);
            for (int r = 0; r < OPS / SPAWN_BATCH; r++) {
                for (int i = 0; i < SPAWN_BATCH; i++) {
                    fs.add(ex.submit(() -> { }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
                fs.clear();
            }
        }
    }
}
