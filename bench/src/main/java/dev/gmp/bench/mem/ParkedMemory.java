package dev.gmp.bench.mem;

import dev.gmp.bench.Runner;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Bytes per parked unit: start N units (GMP goroutines, JDK virtual threads or platform threads) that each park on
 * one shared latch, and report the heap delta (used heap after full GCs) and the RSS delta (VmRSS) divided by N.
 * Not JMH: this is a footprint, not a rate. Usage: {@code ParkedMemory gmp|jdk|platform N}; bench/go/cmd/parkedmem
 * does the same for Go goroutines.
 *
 * <p>A parked virtual thread's stack lives in the heap (stack chunks), so for GMP and JDK units the heap delta is
 * nearly all of it; a platform thread's stack is native memory, visible only in the RSS delta. Run with
 * {@code -Djdk.trackAllThreads=false} as the agent does (the units stay reachable through the latch's queue).
 */
public final class ParkedMemory {
    /** Platform threads count against the machine-wide pid limit (32768 here), shared with every process. */
    static final int MAX_PLATFORM = 10_000;

    private ParkedMemory() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ParkedMemory gmp|jdk|platform N");
            System.exit(2);
        }
        String impl = args[0];
        int n = Integer.parseInt(args[1]);
        if ("platform".equals(impl) && n > MAX_PLATFORM) {
            System.err.println("ParkedMemory: platform threads are capped at " + MAX_PLATFORM
                    + " (the machine's pid_max/threads limit is shared by every process); got " + n);
            System.exit(2);
        }
        int procs = Runtime.getRuntime().availableProcessors();
        if ("jdk".equals(impl) && System.getProperty("jdk.virtualThreadScheduler.parallelism") != null) {
            procs = Integer.getInteger("jdk.virtualThreadScheduler.parallelism");
        }
        try (Runner runner = Runner.create(impl, procs)) {
            CountDownLatch parked = new CountDownLatch(n);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch exited = new CountDownLatch(n);
            runner.runMain(() -> { }); // start the runtime's first M and P before the baseline
            long heap0 = settledHeap();
            long rss0 = rss();
            runner.runMain(() -> {
                for (int i = 0; i < n; i++) {
                    runner.go(() -> {
                        parked.countDown();
                        awaitQuietly(release);
                        exited.countDown();
                    });
                }
            });
            parked.await();
            Thread.sleep(200); // the last units reach park() after counting down
            long heap1 = settledHeap();
            long rss1 = rss();
            System.out.printf("parked impl=%s n=%d heap_bytes_per_unit=%.1f rss_bytes_per_unit=%.1f%n", impl, n,
                    (heap1 - heap0) / (double) n, (rss1 - rss0) / (double) n);
            release.countDown();
            exited.await();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Used heap after GCs have stopped freeing anything. */
    static long settledHeap() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long used = mem.getHeapMemoryUsage().getUsed();
            if (used >= last - 64 * 1024) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }

    /** Resident set size of this process in bytes (Linux /proc/self/status VmRSS). */
    static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
