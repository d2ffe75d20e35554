package dev.gmp.bench.costs;

import dev.gmp.GmpRuntime;
import dev.gmp.agent.export.Exporters;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What one scrape of the agent's {@code /metrics} costs at GOMAXPROCS=256 with 100,000 parked goroutines (the
 * target: 5 ms, goroutine dumps excluded; docs/observability.md "Cost"). The agent's own listener
 * ({@link Exporters}, as {@code prometheus=} starts it) serves a loopback client; per scrape the tool records the
 * CPU time of the listener's worker thread (collect, render and write: what the application pays, whatever else
 * the machine runs) and the client's wall time for the GET. A warm-up round precedes the measured one.
 *
 * <p>Not JMH: a scrape's cost is a distribution over a fixed, expensive state (100,000 goroutines), and the
 * figure that matters is the server thread's CPU, which JMH does not measure. The agent is on the class path (not
 * attached): {@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp
 * bench/target/benchmarks.jar:agent/target/gmp-agent.jar dev.gmp.bench.costs.ScrapeCost [procs [goroutines [scrapes]]]}. Exits with 1 if the exposition does not cover every P and every goroutine.
 */
public final class ScrapeCost {
    /** The name {@link Exporters} gives its one worker thread. */
    static final String WORKER = "gmp-metrics-http";

    private ScrapeCost() {}

    public static void main(String[] args) throws Exception {
        int procs = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int goroutines = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int scrapes = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        CountDownLatch release = new CountDownLatch(1);
        try (GmpRuntime rt = GmpRuntime.builder().name("scrape").gomaxprocs(procs).build()) {
            CountDownLatch parked = new CountDownLatch(goroutines);
            rt.go(() -> {
                for (int i = 0; i < goroutines; i++) {
                    rt.go(() -> {
                        parked.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
            });
            if (!parked.await(300, TimeUnit.SECONDS)) {
                fail(parked.getCount() + " of " + goroutines + " goroutines not started after 300 s");
            }
            try (Exporters ex = Exporters.start(null, 0, false, rt)) {
                HttpClient client = HttpClient.newHttpClient();
                HttpRequest get = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ex.address().getPort() + "/metrics")).build();
                String body = client.send(get, HttpResponse.BodyHandlers.ofString()).body();
                check(body, procs, goroutines);
                Thread worker = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals(WORKER)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no " + WORKER + " thread after a scrape"));
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long[] cpu = new long[scrapes];
                long[] wall = new long[scrapes];
                for (int round = 0; round < 2; round++) { // round 0 warms up
                    for (int i = 0; i < scrapes; i++) {
                        long c0 = threads.getThreadCpuTime(worker.threadId());
                        long t0 = System.nanoTime();
                        body = client.send(get, HttpResponse.BodyHandlers.ofString()).body();
                        wall[i] = System.nanoTime() - t0;
                        cpu[i] = threads.getThreadCpuTime(worker.threadId()) - c0;
                    }
                }
                check(body, procs, goroutines);
                System.out.printf("scrape at GOMAXPROCS=%d, %d parked goroutines, %d bytes, %d scrapes: listener CPU"
                                + " p50 %.3f ms p99 %.3f ms; GET /metrics p50 %.3f ms p99 %.3f ms (target 5 ms)%n",
                        procs, goroutines, body.length(), scrapes, ms(cpu, 0.5), ms(cpu, 0.99), ms(wall, 0.5),
                        ms(wall, 0.99));
            }
        } finally {
            release.countDown();
        }
    }

    /** The exposition must cover every P and (nearly) every parked goroutine, or the figures mean nothing. */
    static void check(String body, int procs, int goroutines) {
        long ps = body.lines().filter(l -> l.startsWith("gmp_p_runqueue_depth{")).count();
        if (ps != procs) {
            fail("gmp_p_runqueue_depth has " + ps + " series, expected one per P (" + procs + ")");
        }
        double waiting = body.lines().filter(l -> l.startsWith("gmp_goroutines{state=\"waiting\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
        if (waiting < goroutines * 0.99) {
            fail("gmp_goroutines{state=\"waiting\"} is " + waiting + ", expected about " + goroutines);
        }
    }

    static double ms(long[] nanos, double q) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.floor(q * s.length))] / 1e6;
    }

    private static void fail(String why) {
        System.err.println("ScrapeCost: " + why);
        System.exit(1);
    }
}
