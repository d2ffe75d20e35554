package dev.gmp.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gmp.Chan;
import dev.gmp.Gmp;
import dev.gmp.GmpStats;
import dev.gmp.Go;
import dev.gmp.Select;
import dev.gmp.Time;
import dev.gmp.WaitGroup;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A long-running service for the Grafana dashboards: every kind of scheduler activity, all the time, at a
 * modest CPU cost.
 * <ul>
 *   <li>HTTP on virtual threads: a JDK {@code HttpServer} on loopback with a virtual-thread-per-task executor
 *       (goroutines when the agent routes virtual threads, its default); {@code /work?n=64} fans out n
 *       goroutines and gathers their results over a channel; {@code /} shows the scheduler's counters. A built-in
 *       client goroutine calls {@code /work} a few times a second so the service is never idle.</li>
 *   <li>A producer/consumer pipeline on channels: generate, square (two workers), sum.</li>
 *   <li>Blocking file reads every 200 ms inside {@code Go.syscall}, and every 2 s a read of a named pipe that
 *       blocks for 50 ms, so sysmon hands Ps off and Ms are created.</li>
 *   <li>A burst of 2,000 goroutines every second from one goroutine: its local queue (256) overflows to the
 *       global queue and idle Ps steal.</li>
 *   <li>A CPU-heavy step of 20 ms between runtime calls every second: sysmon asks for preemption, taken at the
 *       next channel operation.</li>
 *   <li>A goroutine that panics every 30 s (first after 3 s): Go's panic report on stderr, a panic counted.</li>
 *   <li>Leaks (on by default, {@code --no-leak} or {@code -Dgmp.demo.leak=false} to switch off): every 3 s a
 *       goroutine parks forever on a channel nobody else references (a proven leak once the GC collects it;
 *       the demo calls {@code System.gc()} every 2 s), and 5 "stuck" goroutines wait on a reachable channel
 *       for 60 s at a time (suspected leaks past the agent's {@code leak.threshold}).</li>
 * </ul>
 * Run: {@code java -javaagent:agent/target/gmp-agent.jar=prometheus=9464 -jar examples/target/gmp-examples.jar demo}
 * ({@code --port N} for the HTTP port, default 8080; a busy port falls back to a free one). Ctrl-C stops it
 * cleanly: a shutdown hook closes the quit channel every loop selects on, then stops the HTTP server.
 */
public final class DemoService implements AutoCloseable {
    /** Settings from the command line and {@code -Dgmp.demo.*}. */
    record Options(int port, boolean leak, boolean quiet) {
        static Options parse(String[] args) {
            int port = Integer.getInteger("gmp.demo.port", 8080);
            boolean leak = Boolean.parseBoolean(System.getProperty("gmp.demo.leak", "true"));
            boolean quiet = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--leak" -> leak = true;
                    case "--no-leak" -> leak = false;
                    case "--quiet" -> quiet = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (valid: --port N, --leak, --no-leak, --quiet)");
                }
            }
            return new Options(port, leak, quiet);
        }
    }

    private final Options options;
    private final PrintStream log;
    private final Chan<Void> quit = Chan.make();          // closed by close(): every loop selects on it
    private final WaitGroup loops = new WaitGroup();      // the long-running goroutines
    private final List<Chan<Void>> stuck = new ArrayList<>(); // reachable channels the suspected leaks wait on
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong pipelineSum = new AtomicLong();
    private final AtomicLong leaked = new AtomicLong();
    private final Path dataFile;
    private HttpServer server;
    private ExecutorService handlers;
    private volatile boolean closed;

    DemoService(Options options, PrintStream log) throws IOException {
        this.options = options;
        this.log = log;
        this.dataFile = Files.createTempFile("gmp-demo-", ".dat");
        byte[] block = new byte[256 * 1024];
        new Random(42).nextBytes(block);
        Files.write(dataFile, block);
    }

    public static void main(String[] args) throws Exception {
        Options opts;
        try {
            opts = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        DemoService demo = new DemoService(opts, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            System.out.println("demo: stopped");
        }, "demo-shutdown"));
        demo.start();
        while (!demo.closed) {
            Thread.sleep(10_000);
            if (!demo.closed && !opts.quiet()) {
                demo.log.println(demo.status());
            }
        }
    }

    /** Starts everything; returns the HTTP port. */
    int start() throws IOException {
        handlers = Executors.newVirtualThreadPerTaskExecutor();
        server = bind(options.port());
        server.setExecutor(handlers);
        server.createContext("/work", this::work);
        server.createContext("/", this::index);
        server.start();
        int port = server.getAddress().getPort();
        loop("client", Duration.ofMillis(200), () -> client(port));
        pipeline();
        loop("file reads", Duration.ofMillis(200), this::fileReads);
        loop("pipe read", Duration.ofSeconds(2), () -> Blockers.fifoRead(Duration.ofMillis(50)));
        loop("burst", Duration.ofSeconds(1), this::burst);
        loop("cpu step", Duration.ofSeconds(1), this::cpuStep);
        panics();
        if (options.leak()) {
            for (int i = 0; i < 5; i++) {
                Chan<Void> c = Chan.make();
                stuck.add(c);
                loop("stuck", Duration.ZERO, () -> waitStuck(c));
            }
            loop("leak", Duration.ofSeconds(3), this::leakOne);
            loop("gc", Duration.ofSeconds(2), System::gc);
        }
        log.println("demo: http://127.0.0.1:" + port + "/ (/work?n=64), leak=" + (options.leak() ? "on" : "off")
                + ", GOMAXPROCS=" + Go.gomaxprocs(0) + "; Ctrl-C to stop");
        return port;
    }

    private HttpServer bind(int port) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try {
            return HttpServer.create(new InetSocketAddress(lo, port), 256);
        } catch (BindException e) {
            log.println("demo: port " + port + " is busy (" + e.getMessage() + "); using a free port instead");
            return HttpServer.create(new InetSocketAddress(lo, 0), 256);
        }
    }

    /** One line of counters. */
    String status() {
        GmpStats s = Gmp.stats();
        return String.format("demo: %,d requests, %,d goroutines created, %,d live, %d Ms, %,d steals,"
                + " %,d handoffs, leaks started %d, proven %s, suspected %s", requests.get(),
                s.goroutines().created(), s.goroutines().live(), s.threads().created(), s.steals(),
                s.handoffsSysmon(), leaked.get(), s.goroutineLeaks(), s.suspectedLeaks());
    }

    long requests() {
        return requests.get();
    }

    long leaked() {
        return leaked.get();
    }

    /** Stops every loop, releases the stuck goroutines, stops the HTTP server. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        quit.close();
        stuck.forEach(Chan::close);
        if (server != null) {
            server.stop(0);
        }
        if (handlers != null) {
            handlers.shutdown();
        }
        Thread waiter = Thread.ofPlatform().daemon().start(loops::await);
        try {
            waiter.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(dataFile);
        } catch (IOException ignored) {
            // a temp file; the OS cleans up
        }
    }

    // ---- the activities --------------------------------------------------------------------------------------

    /** A step to repeat. */
    private interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step} in a goroutine every {@code period} until quit. */
    private void loop(String name, Duration period, Step step) {
        loops.go(() -> {
            while (sleepOrQuit(period)) {
                try {
                    step.run();
                } catch (Exception e) {
                    if (!closed) {
                        log.println("demo: " + name + ": " + e);
                    }
                }
            }
        });
    }

    /** Waits {@code d}; false if quit came first. */
    private boolean sleepOrQuit(Duration d) {
        if (closed) {
            return false;
        }
        if (d.isZero()) {
            return quit.tryRecv() == null;
        }
        return Select.make().recv(quit).recv(Time.after(d)).select() == 1;
    }

    private void index(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        reply(ex, 200, status() + "\n\n" + Gmp.schedtrace(false));
    }

    /** {@code /work?n=64}: n goroutines each hash a little and send the result; the handler sums them. */
    private void work(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        int n = 64;
        String q = ex.getRequestURI().getQuery();
        if (q != null && q.startsWith("n=")) {
            n = Math.max(1, Math.min(10_000, Integer.parseInt(q.substring(2))));
        }
        Chan<Long> results = Chan.make(n);
        for (int i = 0; i < n; i++) {
            long seed = i;
            Go.go(() -> results.send(hash(seed, 2_000)));
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += results.recv();
        }
        reply(ex, 200, "n=" + n + " sum=" + sum + "\n");
    }

    private static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    /** The built-in client: four concurrent GETs of /work (socket I/O parks the goroutines). */
    private void client(int port) {
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 4; i++) {
            wg.go(() -> {
                try {
                    IoIntensive.get("http://127.0.0.1:" + port + "/work?n=32");
                } catch (Exception e) {
                    if (!closed) {
                        log.println("demo: client: " + e);
                    }
                }
            });
        }
        wg.await();
    }

    /** generate -> square (2 workers) -> sum, in batches of 200 with a pause, until quit. */
    private void pipeline() {
        Chan<Long> nums = Chan.make(64);
        Chan<Long> squares = Chan.make(64);
        loops.go(() -> {
            long i = 0;
            while (sleepOrQuit(Duration.ofMillis(20))) {
                for (int k = 0; k < 200; k++) {
                    nums.send(i++);
                }
            }
            nums.close();
        });
        WaitGroup squarers = new WaitGroup();
        for (int w = 0; w < 2; w++) {
            squarers.go(() -> {
                for (long n : nums) {
                    squares.send(n * n);
                }
            });
        }
        loops.go(() -> {
            squarers.await();
            squares.close();
        });
        loops.go(() -> {
            for (long s : squares) {
                pipelineSum.addAndGet(s);
            }
        });
    }

    /** Four goroutines read the 256 KB data file inside Go.syscall. */
    private void fileReads() {
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 4; i++) {
            wg.go(() -> {
                try {
                    Go.syscall(() -> {
                        try (FileInputStream in = new FileInputStream(dataFile.toFile())) {
                            return in.readAllBytes().length;
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        wg.await();
    }

    /** 2,000 tiny goroutines from one goroutine: more than its P's 256-slot queue holds. */
    private void burst() {
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 2_000; i++) {
            long seed = i;
            wg.go(() -> Work.sink = hash(seed, 200));
        }
        wg.await();
    }

    /** 20 ms of CPU without a runtime call, then a channel operation: the preemption request is taken there. */
    private void cpuStep() {
        Chan<Long> done = Chan.make(1);
        Go.go(() -> {
            Work.spin(20_000_000);
            done.send(1L);
        });
        done.recv();
    }

    /** A goroutine that throws after 3 s, then every 30 s. */
    private void panics() {
        loops.go(() -> {
            Duration next = Duration.ofSeconds(3);
            while (sleepOrQuit(next)) {
                Go.go(() -> {
                    throw new IllegalStateException("demo: a deliberate panic (index out of range [7] with length 7)");
                });
                next = Duration.ofSeconds(30);
            }
        });
    }

    /** A goroutine parked forever on a channel only it references: unreachable, so a proven leak after GC. */
    private void leakOne() {
        leaked.incrementAndGet();
        Go.go(() -> Chan.<Long>make().recv());
    }

    /** Waits up to 60 s on a reachable channel (released on close): a suspected leak past the threshold. */
    private void waitStuck(Chan<Void> c) {
        Select.make().recv(c).recv(Time.after(Duration.ofSeconds(60))).select();
    }

    static long hash(long seed, int rounds) {
        long h = seed;
        for (int i = 0; i < rounds; i++) {
            h = h * 0x9E3779B97F4A7C15L + i;
        }
        return h & 0xffff;
    }
}
