package dev.gmp.agent.export;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.GmpRuntime;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cost of a scrape at GOMAXPROCS=256 with 100,000 goroutines (issue 6: target 5 ms, goroutine dump
 * excluded). Measured, printed and reported, not asserted: timing targets are checked by benchmarks, never
 * by timed unit tests; what is asserted is that the scrape covers the 256 Ps and the goroutines.
 */
class ScrapeCostTest {
    static final int PROCS = 256;
    static final int GOROUTINES = 100_000;

    @Test
    void scrapeAt256ProcsAnd100kGoroutines() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (GmpRuntime rt = GmpRuntime.builder().name("scrape").gomaxprocs(PROCS).build()) {
            CountDownLatch parked = new CountDownLatch(GOROUTINES);
            rt.go(() -> {
                for (int i = 0; i < GOROUTINES; i++) {
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
            assertTrue(parked.await(120, TimeUnit.SECONDS), "goroutines started");
            Thread.sleep(200);

            CollectorRegistry registry = new CollectorRegistry(true);
            registry.register(new GmpCollector(rt::stats, "test", Runtime.version().toString()));
            long[] collect = new long[300];
            long[] render = new long[300];
            long[] cpu = new long[300]; // the scraping thread's CPU time: what the scrape costs, whatever the load
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            int bytes = 0;
            for (int round = 0; round < 2; round++) { // round 0 warms up
                for (int i = 0; i < collect.length; i++) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    var samples = registry.metricFamilySamples();
                    var list = java.util.Collections.list(samples);
                    long t1 = System.nanoTime();
                    ByteArrayOutputStream buf = new ByteArrayOutputStream(64 * 1024);
                    try (Writer w = new OutputStreamWriter(buf, StandardCharsets.UTF_8)) {
                        TextFormat.write004(w, java.util.Collections.enumeration(list));
                    }
                    long t2 = System.nanoTime();
                    cpu[i] = threads.getCurrentThreadCpuTime() - c0;
                    collect[i] = t1 - t0;
                    render[i] = t2 - t0;
                    bytes = buf.size();
                }
            }
            String body;
            long[] http = new long[100];
            try (Exporters ex = Exporters.start(null, 0, false, rt)) {
                HttpClient client = HttpClient.newHttpClient();
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ex.address().getPort()
                        + "/metrics")).build();
                body = client.send(req, HttpResponse.BodyHandlers.ofString()).body();
                for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < http.length; i++) {
                        long t0 = System.nanoTime();
                        body = client.send(req, HttpResponse.BodyHandlers.ofString()).body();
                        http[i] = System.nanoTime() - t0;
                    }
                }
            }
            assertTrue(body.contains("gmp_p_steals_total{p=\"255\",}"), "all 256 Ps");
            assertEquals(PROCS, body.lines().filter(l -> l.startsWith("gmp_p_runqueue_depth{")).count());
            double waiting = Double.parseDouble(body.lines().filter(l -> l.startsWith("gmp_goroutines{state=\"waiting\""))
                    .findFirst().orElseThrow().split(" ")[1]);
            assertTrue(waiting >= GOROUTINES * 0.99, "waiting " + waiting);
            System.out.printf("scrape cost at GOMAXPROCS=%d, %d goroutines, %d bytes: collect p50 %.3f ms p99 %.3f ms;"
                            + " collect+render p50 %.3f ms p99 %.3f ms (thread CPU p50 %.3f ms p99 %.3f ms);"
                            + " HTTP GET /metrics p50 %.3f ms p99 %.3f ms%n",
                    PROCS, GOROUTINES, bytes, ms(collect, 0.5), ms(collect, 0.99), ms(render, 0.5), ms(render, 0.99),
                    ms(cpu, 0.5), ms(cpu, 0.99), ms(http, 0.5), ms(http, 0.99));
        } finally {
            release.countDown();
        }
    }

    static double ms(long[] nanos, double q) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.floor(q * s.length))] / 1e6;
    }
}
