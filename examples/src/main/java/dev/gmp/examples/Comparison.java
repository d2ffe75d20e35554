package dev.gmp.examples;

import dev.gmp.Go;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Process vs thread vs virtual thread vs goroutine: the seeds' comparison table ("创建开销: 大 / 中等 / 小 /
 * 极小"), measured on this JVM. For each unit: the cost to create, start and finish one (a process is
 * {@code true} via ProcessBuilder), the memory one costs while it waits (a process: the RSS of a {@code sleep};
 * threads: this JVM's RSS growth; virtual threads and goroutines: heap growth), and the cost of one switch
 * (two units passing a token; for processes, a byte through {@code cat} and back over pipes). Watch the orders
 * of magnitude between the rows; virtual threads and goroutines are the same mechanism (a goroutine is a
 * virtual thread with Go's scheduler), so they land close together.
 */
public final class Comparison implements Example {
    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String summary() {
        return "process vs thread vs virtual thread vs goroutine: create, memory, switch";
    }

    /** The rows of the last run (for tests). */
    volatile Row[] lastRows;

    /** One measured row. */
    record Row(String unit, double createMicros, long memoryBytes, long switchNanos) {}

    @Override
    public String run(Narrator out) throws Exception {
        out.say("Each row is measured now: create+start+exit (average over many), memory per waiting\n"
                + "unit, and one switch (half a token round trip). Processes go through fork/exec and pipes;\n"
                + "threads through the kernel scheduler; virtual threads and goroutines stay in user space.");
        boolean routed = virtualThreadsAreGoroutines();
        Row[] rows = {
            new Row("process", processCreate(20), processRss(), processSwitch(2_000)),
            new Row("platform thread", create(1_000, Comparison::platform), waitingBytes(500, Comparison::platform,
                    true), handoff(20_000, Comparison::platform)),
            new Row(routed ? "virtual thread (agent: GMP)" : "virtual thread (JDK)", create(10_000,
                    Comparison::virtual), waitingBytes(10_000, Comparison::virtual, false),
                    handoff(20_000, Comparison::virtual)),
            new Row("goroutine", create(10_000, Go::go), waitingBytes(10_000, Go::go, false),
                    handoff(20_000, Go::go)),
        };
        out.out().printf("   %-28s %16s %16s %14s%n", "unit", "create+exit", "memory each", "switch");
        for (Row r : rows) {
            out.out().printf("   %-28s %13.1f us %13s %11s ns%n", r.unit(), r.createMicros(), bytes(r.memoryBytes()),
                    String.format("%,d", r.switchNanos()));
        }
        out.say("the seeds' other columns: processes are isolated, scheduled by the OS, talk through IPC;\n"
                + "threads share memory, scheduled by the OS; goroutines share memory, scheduled in user\n"
                + "space by the runtime (here: GMP on virtual threads), and talk through channels.");
        lastRows = rows;
        Row p = rows[0];
        Row g = rows[3];
        // Microseconds for both figures: a busy machine's process switch (tens of µs or more) still fits the
        // tour's summary column.
        return String.format("process/goroutine: create %,.0f/%.1f us, switch %,.1f/%.2f us", p.createMicros(),
                g.createMicros(), p.switchNanos() / 1000.0, g.switchNanos() / 1000.0);
    }

    static String bytes(long b) {
        return b >= 10 * 1024 ? String.format("%,d KB", b / 1024) : String.format("%,d B", b);
    }

    private static void platform(Runnable r) {
        Thread.ofPlatform().daemon().start(r);
    }

    private static void virtual(Runnable r) {
        Thread.ofVirtual().start(r);
    }

    /** Whether the agent routes plain virtual threads onto GMP (virtualthreads=gmp). */
    private static boolean virtualThreadsAreGoroutines() throws InterruptedException {
        long[] id = new long[1];
        Thread.ofVirtual().start(() -> id[0] = Go.goid()).join();
        return id[0] != 0;
    }

    // ---- creation --------------------------------------------------------------------------------------------

    static double processCreate(int n) throws Exception {
        new ProcessBuilder("true").start().waitFor(); // warm up the JDK's process machinery
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (new ProcessBuilder("true").start().waitFor() != 0) {
                throw new IllegalStateException("true failed");
            }
        }
        return (System.nanoTime() - t0) / 1e3 / n;
    }

    /** Average micros to start {@code n} units that each count down once, until all have run. */
    static double create(int n, Consumer<Runnable> start) {
        runAll(Math.min(n, 1_000), start); // warm-up
        long t0 = System.nanoTime();
        runAll(n, start);
        return (System.nanoTime() - t0) / 1e3 / n;
    }

    private static void runAll(int n, Consumer<Runnable> start) {
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            start.accept(done::countDown);
        }
        Work.await(done);
    }

    // ---- memory ----------------------------------------------------------------------------------------------

    static long processRss() throws Exception {
        Process p = new ProcessBuilder("sleep", "5").start();
        try {
            Path status = Path.of("/proc/" + p.pid() + "/status");
            long rss = 0;
            for (int i = 0; i < 100 && rss == 0; i++) {
                Thread.sleep(5);
                rss = Files.exists(status) ? Files.readAllLines(status).stream()
                        .filter(l -> l.startsWith("VmRSS:") && p.info().command().orElse("").endsWith("sleep"))
                        .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(0)
                        : 0;
            }
            return rss;
        } finally {
            p.destroy();
        }
    }

    /** Bytes per unit while {@code n} units wait: RSS growth for platform threads, heap growth otherwise. */
    static long waitingBytes(int n, Consumer<Runnable> start, boolean rss) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch parked = new CountDownLatch(n);
        CountDownLatch exited = new CountDownLatch(n);
        long before = rss ? rss() : heapUsed();
        for (int i = 0; i < n; i++) {
            start.accept(() -> {
                parked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exited.countDown();
            });
        }
        Work.await(parked);
        long after = rss ? rss() : heapUsed();
        release.countDown();
        Work.await(exited);
        return Math.max(0, (after - before) / n);
    }

    static long heapUsed() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    // ---- switching -------------------------------------------------------------------------------------------

    /** Nanos per switch: a byte written to {@code cat} and read back, {@code n} times; two switches each. */
    static long processSwitch(int n) throws Exception {
        Process cat = new ProcessBuilder("cat").start();
        try (OutputStream w = cat.getOutputStream(); InputStream r = cat.getInputStream()) {
            long t0 = 0;
            for (int i = -100; i < n; i++) {
                if (i == 0) {
                    t0 = System.nanoTime();
                }
                w.write(i & 0x7f);
                w.flush();
                if (r.read() < 0) {
                    throw new IllegalStateException("cat exited");
                }
            }
            return (System.nanoTime() - t0) / (2L * n);
        } finally {
            cat.destroy();
        }
    }

    private static final class Token {
        volatile int turn;
        volatile Thread a;
        volatile Thread b;
    }

    /**
     * Nanos per switch between two units of one kind passing a token {@code n} times with park/unpark (what
     * channels and locks do underneath), measured in the unit that starts the exchange.
     */
    static long handoff(int n, Consumer<Runnable> start) {
        Token t = new Token();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(2);
        long[] elapsed = new long[1];
        start.accept(() -> {
            t.b = Thread.currentThread();
            ready.countDown();
            for (int i = 0; i < n; i++) {
                while (t.turn != 1) {
                    LockSupport.park(t);
                }
                t.turn = 0;
                LockSupport.unpark(t.a);
            }
            done.countDown();
        });
        start.accept(() -> {
            t.a = Thread.currentThread();
            Work.await(ready);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                t.turn = 1;
                LockSupport.unpark(t.b);
                while (t.turn != 0) {
                    LockSupport.park(t);
                }
            }
            elapsed[0] = System.nanoTime() - t0;
            done.countDown();
        });
        Work.await(done);
        return elapsed[0] / (2L * n);
    }
}
