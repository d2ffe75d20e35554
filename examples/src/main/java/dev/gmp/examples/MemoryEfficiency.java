package dev.gmp.examples;

import dev.gmp.Go;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CountDownLatch;

/**
 * Memory efficiency. 100,000 goroutines parked at once, against as many platform threads as we dare (2,000).
 * Watch the bytes per unit: a parked goroutine keeps only its (small, heap-allocated) stack chunk; a platform
 * thread reserves an OS stack and kernel structures.
 */
public final class MemoryEfficiency implements Example {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String summary() {
        return "100,000 parked goroutines vs 2,000 platform threads: bytes per unit";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("Park 100,000 goroutines and measure the heap; then 2,000 platform threads and measure\n"
                + "the process's resident memory (RSS, from /proc). Bytes per unit are printed.");
        long goroutineBytes = perUnit(100_000, true);
        long threadBytes = perUnit(2_000, false);
        out.say(String.format("goroutine (parked): ~%,d bytes each (heap)", goroutineBytes));
        out.say(String.format("platform thread:    ~%,d bytes each (RSS)", threadBytes));
        return String.format("%,d B/goroutine vs %,d B/thread", goroutineBytes, threadBytes);
    }

    private static long perUnit(int n, boolean goroutines) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch parked = new CountDownLatch(n);
        long before = goroutines ? heapUsed() : rss();
        Thread[] threads = goroutines ? null : new Thread[n];
        for (int i = 0; i < n; i++) {
            Runnable r = () -> {
                parked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            if (goroutines) {
                Go.go(r);
            } else {
                threads[i] = Thread.ofPlatform().daemon().start(r);
            }
        }
        Work.await(parked);
        Thread.sleep(100);
        long after = goroutines ? heapUsed() : rss();
        release.countDown();
        if (threads != null) {
            for (Thread t : threads) {
                t.join();
            }
        }
        return Math.max(0, (after - before) / n);
    }

    private static long heapUsed() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        System.gc();
        return m.getHeapMemoryUsage().getUsed();
    }

    private static long rss() throws Exception {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
