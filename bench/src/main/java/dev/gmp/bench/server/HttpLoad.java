package dev.gmp.bench.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop HTTP/1.1 load on loopback: {@code conns} keep-alive connections, each a platform thread that sends
 * a GET, reads the whole response and sends the next. Bounded by construction (at most {@code conns} requests in
 * flight). Requests that complete inside the measurement window are counted, with their latencies.
 */
final class HttpLoad {
    record Result(long requests, long errors, double seconds, long p50Micros, long p99Micros) {
        double rps() {
            return requests / seconds;
        }
    }

    private static final byte[] REQUEST = "GET /work HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private HttpLoad() {}

    static Result run(int port, int conns, long warmupMillis, long measureMillis) throws InterruptedException {
        long start = System.nanoTime();
        long from = start + warmupMillis * 1_000_000;
        long to = from + measureMillis * 1_000_000;
        LongAdder errors = new LongAdder();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[conns];
        for (int c = 0; c < conns; c++) {
            long[][] box = {new long[4096]};
            int id = c;
            Thread t = Thread.ofPlatform().daemon().name("load-" + c).unstarted(() -> {
                while (System.nanoTime() < to) {
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        s.setTcpNoDelay(true);
                        s.setSoTimeout(10_000);
                        OutputStream out = s.getOutputStream();
                        InputStream in = new BufferedInputStream(s.getInputStream());
                        long now;
                        while ((now = System.nanoTime()) < to) {
                            out.write(REQUEST);
                            out.flush();
                            readResponse(in);
                            long done = System.nanoTime();
                            if (now >= from && done <= to) {
                                if (counts[id] == box[0].length) {
                                    box[0] = Arrays.copyOf(box[0], box[0].length * 2);
                                }
                                box[0][counts[id]++] = done - now;
                            }
                        }
                    } catch (IOException e) {
                        errors.increment();
                    }
                }
                synchronized (perThread) {
                    perThread.add(Arrays.copyOf(box[0], counts[id]));
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long p50 = all.length == 0 ? 0 : all[all.length / 2] / 1000;
        long p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1000;
        return new Result(all.length, errors.sum(), measureMillis / 1000.0, p50, p99);
    }

    /** Reads one response (status 200 required) with a Content-Length body. */
    private static void readResponse(InputStream in) throws IOException {
        String status = line(in);
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("unexpected response: " + status);
        }
        int length = -1;
        String h;
        while (!(h = line(in)).isEmpty()) {
            if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length");
        }
        if (in.readNBytes(length).length != length) {
            throw new IOException("short body");
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
