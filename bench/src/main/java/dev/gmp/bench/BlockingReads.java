package dev.gmp.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * CPU throughput during blocking reads: {@link #BLOCKERS} units sit in a carrier-blocking read(2) on a FIFO
 * (more of them than Ps) for the whole trial, while each invocation has {@code procs} units do fixed CPU work; one
 * op = one work unit. A scheduler without syscall handoff loses its Ps to the blocked readers and the work never
 * runs; with handoff (GMP's sysmon retake, Go's sysmon, a ForkJoinPool compensating for a blocked carrier) it runs
 * at the speed it has with no readers. A watchdog platform thread releases the readers when an invocation's work
 * has not finished after {@link #STALL_LIMIT_MS}, and the benchmark then fails with "stalled" (measured: the
 * JDK 25 default scheduler does not compensate for a virtual thread blocked in RandomAccessFile/FileInputStream.read
 * on a FIFO, so with 4 readers no work runs). The Go side is bench/go BenchmarkBlockingReads (syscall.Read on a
 * FIFO opened O_RDWR: a blocking fd; its readers block for the whole b.N run).
 *
 * <p>{@code -Dgmp.bench.blockers=N} (0 to {@link #BLOCKERS}) changes the number of readers: {@code bench/costs}
 * runs it with 0 for the no-blocking baseline that the throughput with 4 readers is compared with.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BlockingReads {
    static final int BLOCKERS = 4;
    static final int UNITS = 40_000;
    static final int MIX_ROUNDS = 250;
    static final long STALL_LIMIT_MS = 2_000;
    private static final int READERS = Integer.getInteger("gmp.bench.blockers", BLOCKERS);

    @Param({"gmp", "jdk", "platform"})
    public String impl;

    @Param({"2"})
    public int procs;

    private Runner runner;
    private Path dir;
    private final RandomAccessFile[] fifos = new RandomAccessFile[BLOCKERS];
    private ScheduledExecutorService watchdog;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean stalled;
    private final CountDownLatch readersDone = new CountDownLatch(READERS);

    @Setup
    public void setup() throws Exception {
        if (READERS < 0 || READERS > BLOCKERS) {
            throw new IllegalArgumentException("gmp.bench.blockers must be 0 to " + BLOCKERS + ", got " + READERS);
        }
        runner = Runner.create(impl, procs);
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
        dir = Files.createTempDirectory("gmp-bench-fifo");
        for (int i = 0; i < BLOCKERS; i++) {
            Path p = dir.resolve("f" + i);
            Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
            if (mk.waitFor() != 0) {
                throw new IOException("mkfifo " + p + " failed");
            }
            fifos[i] = new RandomAccessFile(p.toFile(), "rw"); // O_RDWR: the open does not wait for a writer
        }
        // The readers block from here to tearDown: every invocation measures the steady state with them blocked.
        // Without handoff even starting them stalls (the first reader takes the only carrier): the watchdog then
        // releases them and every invocation fails.
        ScheduledFuture<?> dog = watchdog.schedule(this::stall, STALL_LIMIT_MS, TimeUnit.MILLISECONDS);
        runner.runMain(() -> {
            CountDownLatch reading = new CountDownLatch(READERS);
            for (int r = 0; r < READERS; r++) {
                RandomAccessFile f = fifos[r];
                runner.go(() -> {
                    reading.countDown();
                    try {
                        runner.syscall(f::read);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    readersDone.countDown();
                });
            }
            Join.await(reading);
        });
        dog.cancel(false);
    }

    private void stall() {
        stalled = true;
        release();
    }

    @TearDown
    public void tearDown() throws Exception {
        release();
        if (!readersDone.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the readers did not return after their FIFOs were written");
        }
        runner.close();
        watchdog.shutdownNow();
        for (int i = 0; i < BLOCKERS; i++) {
            fifos[i].close();
            Files.deleteIfExists(dir.resolve("f" + i));
        }
        Files.deleteIfExists(dir);
    }

    /**
     * One unit of CPU work: {@link #MIX_ROUNDS} rounds of xorshift64* (identical in bench/go). Not an LCG: C2
     * unrolls a loop of {@code x * a + c} and folds the unrolled steps into one multiply-add per group (an earlier
     * version measured 0.1 ns per round on the JVM against Go's 1.3 ns).
     */
    static long work(long x) {
        for (int i = 0; i < MIX_ROUNDS; i++) {
            x ^= x >>> 12;
            x ^= x << 25;
            x ^= x >>> 27;
            x *= 2685821657736338717L;
        }
        return x;
    }

    /** Writes the byte each reader waits for; only the first call (tearDown or the watchdog) does. */
    private void release() {
        if (released.compareAndSet(false, true)) {
            try {
                for (int r = 0; r < READERS; r++) {
                    fifos[r].write(1);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(UNITS)
    public void cpuDuringBlockingReads(Blackhole bh) {
        ScheduledFuture<?> dog = watchdog.schedule(this::stall, STALL_LIMIT_MS, TimeUnit.MILLISECONDS);
        runner.runMain(() -> {
            CountDownLatch workers = new CountDownLatch(procs);
            for (int w = 0; w < procs; w++) {
                int share = UNITS / procs + (w < UNITS % procs ? 1 : 0);
                long seed = w + 1; // xorshift needs a non-zero state
                runner.go(() -> {
                    long x = seed;
                    for (int i = 0; i < share; i++) {
                        x = work(x);
                    }
                    bh.consume(x);
                    workers.countDown();
                });
            }
            Join.await(workers);
        });
        dog.cancel(false);
        if (stalled) {
            throw new IllegalStateException("stalled: no work ran for " + STALL_LIMIT_MS + " ms while " + READERS
                    + " units were blocked in read(2) (impl=" + impl + ", procs=" + procs + "): no syscall handoff");
        }
    }
}
