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
 * a GET, reads the whole response and sends the next, and reconnects when the server closes the connection
 * ({@code Connection: close}). Bounded by construction (at most {@code conns} requests in flight). Requests that complete inside the measurement window are counted, with their latencies.
 */
final class HttpLoad {
    record Result(long requests, long errors, double seconds, long p50Micros, long p99Micros) {
        double rps() {
            return requests / seconds;
        }
    }

    private HttpLoad() {}

    /** Loads {@code GET path} on {@code port} for {@code warmupMillis}, then measures it for {@code measureMillis}. */
    static Result run(int port, String path, int conns, long warmupMillis, long measureMillis)
            throws InterruptedException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
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
                            out.write(request);
                            out.flush();
                            boolean keepAlive = readResponse(in);
                            long done = System.nanoTime();
                            if (now >= from && done <= to) {
                                if (counts[id] == box[0].length) {
                                    box[0] = Arrays.copyOf(box[0], box[0].length * 2);
                                }
                                box[0][counts[id]++] = done - now;
                            }
                            if (!keepAlive) {
                                break; // the server closes this connection (Tomcat: after 100 requests): reconnect
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

    /**
     * Reads one response (status 200 required) with a Content-Length body; false if the server said
     * {@code Connection: close}.
     */
    private static boolean readResponse(InputStream in) throws IOException {
        String status = line(in);
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("unexpected response: " + status);
        }
        int length = -1;
        boolean keepAlive = true;
        String h;
        while (!(h = line(in)).isEmpty()) {
            if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(h.substring(15).trim());
            } else if (h.regionMatches(true, 0, "Connection:", 0, 11)) {
                keepAlive = !h.substring(11).trim().equalsIgnoreCase("close");
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length");
        }
        if (in.readNBytes(length).length != length) {
            throw new IOException("short body");
        }
        return keepAlive;
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
