package dev.gmp.testapp.servers;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded load on loopback from a fixed pool of platform threads (so the client itself never makes goroutines):
 * {@code requests} GETs at concurrency {@code clients}. Counts successes, the responses whose body says the
 * handler ran on a goroutine ({@code goid N} with N != 0), and the per-request latencies.
 */
final class LoadClient {
    final AtomicLong ok = new AtomicLong();
    final AtomicLong onGoroutine = new AtomicLong();
    final long[] latencies;
    private final AtomicLong next = new AtomicLong();

    LoadClient(int requests) {
        latencies = new long[requests];
    }

    void run(String url, int clients) throws Exception {
        int n = latencies.length;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                fs.add(pool.submit(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < n) {
                        long t0 = System.nanoTime();
                        String body = get(url);
                        latencies[(int) i] = System.nanoTime() - t0;
                        if (body != null) {
                            ok.incrementAndGet();
                            if (body.startsWith("goid ") && !body.equals("goid 0")) {
                                onGoroutine.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static String get(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(5000);
            if (c.getResponseCode() != 200) {
                return null;
            }
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return null;
        }
    }

    long p99Micros() {
        long[] s = latencies.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)] / 1000;
    }
}
