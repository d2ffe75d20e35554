package dev.gmp.bench.mem;

import dev.gmp.bench.Runner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CountDownLatch;

/**
 * The largest number of parked units that fit in this JVM's heap (run it with {@code -Xmx2g}): parks units in
 * batches on one latch until the used heap after a GC passes {@link #FILL} of the maximum, then prints the count
 * and the process RSS, which bench/go/cmd/parkedmem {@code -rss} then gives Go as its budget. Usage:
 * {@code MaxParked gmp|jdk}.
 */
public final class MaxParked {
    static final double FILL = 0.90;
    static final int BATCH = 100_000;
    static final int CAP = 50_000_000;

    private MaxParked() {}

    public static void main(String[] args) throws Exception {
        String impl = args.length == 1 ? args[0] : "";
        if (!impl.equals("gmp") && !impl.equals("jdk")) {
            System.err.println("usage: MaxParked gmp|jdk   (with -Xmx2g)");
            System.exit(2);
        }
        int procs = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long max = Runtime.getRuntime().maxMemory();
        CountDownLatch release = new CountDownLatch(1);
        int n = 0;
        try (Runner runner = Runner.create(impl, procs)) {
            while (n < CAP) {
                CountDownLatch parked = new CountDownLatch(BATCH);
                runner.runMain(() -> {
                    for (int i = 0; i < BATCH; i++) {
                        runner.go(() -> {
                            parked.countDown();
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                    }
                });
                parked.await();
                n += BATCH;
                long used = mem.getHeapMemoryUsage().getUsed();
                if (used > FILL * max) {
                    System.gc();
                    used = mem.getHeapMemoryUsage().getUsed();
                    if (used > FILL * max) {
                        break;
                    }
                }
            }
            System.out.printf("maxparked impl=%s n=%d heap_max=%d rss=%d%n", impl, n, max, ParkedMemory.rss());
            release.countDown();
        }
    }
}
