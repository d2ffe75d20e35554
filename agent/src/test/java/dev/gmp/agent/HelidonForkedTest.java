package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.agent.export.MetricFamilies;
import dev.gmp.testapp.HelidonService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real Helidon SE 4.5 service under the real agent ({@code prometheus=}, debug endpoints, {@code
 * leak.threshold=1s}), driven over loopback as an operator would see it: requests with {@code Connection: close}
 * run as goroutines (Helidon runs one virtual thread per connection), /metrics has every family, five leaks made
 * in the service's first seconds are all proven, an idle service is never suspected of leaking (the JDK's
 * socket pollers are system goroutines, docs/leaks.md), and SIGTERM stops it. Timeouts only guard against hangs.
 */
class HelidonForkedTest {
    private static final int REQUESTS = 200;
    private static final int LEAKS = 5;
    private static final Pattern STARTED = Pattern.compile("^gmp_goroutines_(?:created|started)_total(?:\\{[^}]*})? (\\S+)$",
            Pattern.MULTILINE);

    @Test
    @Timeout(120)
    void helidonServiceUnderTheAgent() throws Exception {
        int metricsPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            metricsPort = free.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss1m", "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-javaagent:" + ForkedJvm.agentJar() + "=banner=off,leak.threshold=1s,prometheus=127.0.0.1:" + metricsPort,
                "-cp", ForkedJvm.testClasspath(), HelidonService.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path err = Files.createTempFile("helidon-err", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        try {
            int port = awaitPort(p);
            String log = "";

            // Requests run as goroutines: one virtual thread per connection, so at least one goroutine a request.
            long before = started(get(metricsPort, "/metrics"));
            for (int i = 0; i < REQUESTS; i++) {
                assertEquals("hello", get(port, "/hello"));
            }
            String metrics = get(metricsPort, "/metrics");
            long after = started(metrics);
            assertTrue(after - before >= REQUESTS, "goroutines started " + (after - before) + " < requests " + REQUESTS);
            for (String family : MetricFamilies.all()) {
                assertTrue(Pattern.compile("^# TYPE " + family + " ", Pattern.MULTILINE).matcher(metrics).find(),
                        family + " missing from /metrics:\n" + metrics);
            }

            // Five leaks in the service's first seconds: exactly five proven.
            for (int i = 0; i < LEAKS; i++) {
                assertEquals("leaked", get(port, "/leak"));
            }
            long proven = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (proven < LEAKS && System.nanoTime() < deadline) {
                log = get(metricsPort, "/debug/gmp/leaks?check=1");
                proven = header(log, "proven");
                Thread.sleep(200);
            }
            assertEquals(LEAKS, proven, log + "\nstderr:\n" + Files.readString(err));

            // Idle for 10 s with leak.threshold=1s: nothing is suspected (the JDK's pollers wait in I/O throughout).
            long idleEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < idleEnd) {
                String page = get(metricsPort, "/debug/gmp/leaks");
                assertEquals(0, header(page, "suspected"), page);
                Thread.sleep(500);
            }
            assertEquals(LEAKS, header(get(metricsPort, "/debug/gmp/leaks?check=1"), "proven"), "no more than five");
            String dump = get(metricsPort, "/debug/gmp/goroutines?debug=2&system=1");
            assertTrue(dump.contains("created by sun.nio.ch.Poller"), "the pollers are goroutines, shown with system=1\n"
                    + dump);
            assertFalse(get(metricsPort, "/debug/gmp/goroutines?debug=2").contains("created by sun.nio.ch.Poller"),
                    "and hidden without it");

            // SIGTERM: Helidon's shutdown hook stops the server and the JVM exits.
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM");
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(err);
        }
    }

    private static int awaitPort(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) { // Helidon is up within the test's timeout, or the test times out
            if (line.startsWith("port=")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new AssertionError("the service ended before it printed its port (exit " + p.exitValue() + ")");
    }

    /**
     * One GET over a fresh connection that the request asks to close; the body (Content-Length bytes, or up to
     * EOF). The client closes after the body: Helidon answers {@code Connection: close} and then waits for it.
     */
    static String get(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream o = s.getOutputStream();
            o.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException(path + ": connection closed in the headers: " + head);
                }
                head.append((char) b);
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 200"), path + ": " + head);
            Matcher len = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
            byte[] body = len.find() ? in.readNBytes(Integer.parseInt(len.group(1))) : in.readAllBytes();
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static long started(String metrics) {
        Matcher m = STARTED.matcher(metrics);
        assertTrue(m.find(), "no goroutines-started counter:\n" + metrics);
        return (long) Double.parseDouble(m.group(1));
    }

    /** A count from the first line of /debug/gmp/leaks: "goroutine leaks: proven N, suspected M ...". */
    private static long header(String page, String what) {
        Matcher m = Pattern.compile(what + " (\\d+)").matcher(page.lines().findFirst().orElse(""));
        assertTrue(m.find(), "no '" + what + "' in:\n" + page);
        return Long.parseLong(m.group(1));
    }
}
