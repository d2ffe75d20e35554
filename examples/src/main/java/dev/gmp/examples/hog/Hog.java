package dev.gmp.examples.hog;

import dev.gmp.Gmp;
import dev.gmp.Go;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child program of the {@code preempt} example, run in a JVM of its own with the agent at GOMAXPROCS=1:
 * a ticker goroutine that wants to run every 10 ms, and a hog goroutine that spins for 600 ms in a loop that
 * makes no call into the runtime. Prints {@code key=value} lines: the longest gap between ticks, the ticks
 * that happened while the hog ran, and the preemptions taken. This package is what {@code preempt=} names.
 */
public final class Hog {
    private Hog() {}

    static volatile long sink;

    public static void main(String[] args) {
        long hogMillis = args.length > 0 ? Long.parseLong(args[0]) : 600;
        AtomicLong maxGap = new AtomicLong();
        AtomicLong ticksDuringHog = new AtomicLong();
        // Load every dev.gmp class now, on this platform thread, before any goroutine runs. Under the agent a
        // class read from the class path inside a goroutine is a syscall made under the jar's lock; at
        // GOMAXPROCS=1 its exitsyscall can wait for the only P while the goroutine holding that P waits for the
        // lock (see docs/examples.md, known issues).
        preloadRuntimeClasses();
        long preemptionsBefore = Gmp.stats().preemptions();
        long[] hogSpan = new long[2];
        Go.run(() -> {
            AtomicBoolean hogging = new AtomicBoolean();
            CountDownLatch tickerDone = new CountDownLatch(1);
            CountDownLatch ticking = new CountDownLatch(3);
            Go.go(() -> {
                long last = System.nanoTime();
                long end = last + (hogMillis + 300) * 1_000_000;
                while (System.nanoTime() < end) {
                    Go.sleep(Duration.ofMillis(10));
                    long now = System.nanoTime();
                    maxGap.accumulateAndGet((now - last) / 1_000_000, Math::max);
                    ticking.countDown();
                    if (hogging.get()) {
                        ticksDuringHog.incrementAndGet();
                    }
                    last = now;
                }
                tickerDone.countDown();
            });
            try {
                ticking.await(); // the ticker is in its rhythm before the hog starts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hogSpan[0] = System.nanoTime();
            hogging.set(true);
            sink = spin(hogMillis * 1_000_000);
            hogging.set(false);
            hogSpan[1] = System.nanoTime();
            try {
                tickerDone.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        System.out.println("gomaxprocs=" + Go.gomaxprocs(0));
        System.out.println("hog_ms=" + (hogSpan[1] - hogSpan[0]) / 1_000_000);
        System.out.println("max_gap_ms=" + maxGap.get());
        System.out.println("ticks_during_hog=" + ticksDuringHog.get());
        System.out.println("preemptions=" + (Gmp.stats().preemptions() - preemptionsBefore));
    }

    private static void preloadRuntimeClasses() {
        ClassLoader loader = Hog.class.getClassLoader();
        try {
            Path root = Path.of(Hog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> names = new ArrayList<>();
            if (Files.isDirectory(root)) {
                names.addAll(classNames(root)); // examples/target/classes in tests
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    jar.stream().map(JarEntry::getName).forEach(names::add);
                }
            }
            for (String n : names) {
                if (n.startsWith("dev/gmp/") && n.endsWith(".class") && !n.startsWith("dev/gmp/agent/")) {
                    try {
                        Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
                    } catch (ClassNotFoundException | LinkageError e) {
                        // optional classes (e.g. the Micrometer binder without Micrometer): not needed here
                    }
                }
            }
            for (String cls : List.of("dev.gmp.internal.timer.Sleep", "dev.gmp.internal.timer.TimerQueue")) {
                Class.forName(cls, true, loader); // and the sleep path's own classes, wherever they live
            }
        } catch (Exception e) {
            System.err.println("hog: preload skipped: " + e);
        }
    }

    private static List<String> classNames(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        Path runtimeClasses = root.resolveSibling("../../runtime/target/classes").normalize();
        for (Path dir : List.of(root, runtimeClasses)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString()
                            .replace(java.io.File.separatorChar, '/')));
                }
            }
        }
        return out;
    }

    /** A busy loop with no call into the runtime: only the agent's loop polls can preempt it. */
    static long spin(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        return x;
    }
}
