package dev.gmp.examples;

import com.sun.net.httpserver.HttpServer;
import dev.gmp.Gmp;
import dev.gmp.GmpStats;
import dev.gmp.Go;
import dev.gmp.WaitGroup;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * I/O-intensive work (the seeds' {@code http.Get} in many goroutines). The example starts a loopback HTTP
 * server whose handler takes 50 ms (a slow backend), then 200 goroutines each fetch one URL with a blocking
 * {@code HttpURLConnection}. A goroutine blocked on a socket is parked by the JDK's I/O poller (Go: the
 * netpoller, wait reason {@code IO wait}); its M runs other goroutines. Watch: hundreds of requests in flight
 * at once on GOMAXPROCS Ps, the thread count (Ms) barely moves, and the wall time is a few times 50 ms, not
 * 200 x 50 ms.
 */
public final class IoIntensive implements Example {
    static final int REQUESTS = 200;
    static final int LATENCY_MS = 50;

    @Override
    public String name() {
        return "io";
    }

    @Override
    public String summary() {
        return "200 goroutines fetch from a slow loopback HTTP server: many in flight, few Ms";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("A loopback HTTP server answers each request after 50 ms. 200 goroutines each GET once.\n"
                + "Blocked socket reads park the goroutine on the JDK poller (Go's netpoller), not the M.\n"
                + "Watch the peak requests in flight against the Ms created.");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(handlers);
        server.createContext("/item", exchange -> {
            try {
                Thread.sleep(LATENCY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("item " + exchange.getRequestURI().getQuery() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/item?";
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger bytes = new AtomicInteger();
        GmpStats before = Gmp.stats();
        long t0 = System.nanoTime();
        try {
            Go.run(() -> {
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < REQUESTS; i++) {
                    String url = base + i;
                    wg.go(() -> {
                        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        try {
                            bytes.addAndGet(get(url));
                            ok.incrementAndGet();
                        } catch (Exception e) {
                            System.err.println("GET " + url + ": " + e);
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    });
                }
                wg.await();
            });
        } finally {
            server.stop(0);
            handlers.shutdown();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        GmpStats after = Gmp.stats();
        out.counters(before, after);
        out.say(String.format("%d/%d requests OK (%,d bytes) in %d ms; peak in flight %d; Ms %d -> %d",
                ok.get(), REQUESTS, bytes.get(), ms, peak.get(), before.threads().created(),
                after.threads().created()));
        return String.format("%d GETs in %d ms, peak %d in flight, Ms %d -> %d", ok.get(), ms, peak.get(),
                before.threads().created(), after.threads().created());
    }

    /** A blocking GET; returns the body length. */
    static int get(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(10_000);
        try (InputStream in = c.getInputStream()) {
            if (c.getResponseCode() != 200) {
                throw new IllegalStateException("HTTP " + c.getResponseCode());
            }
            return in.readAllBytes().length;
        } finally {
            c.disconnect();
        }
    }
}
