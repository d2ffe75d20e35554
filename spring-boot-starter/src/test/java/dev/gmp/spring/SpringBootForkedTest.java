package dev.gmp.spring;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.micrometer.GmpFamilies;
import dev.gmp.spring.app.DemoService;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spring Boot service (Tomcat with {@code spring.threads.virtual.enabled=true}, Actuator,
 * micrometer-registry-prometheus) that adds only gmp-spring-boot-starter, run in a forked JVM with and without the
 * real agent jar. Public outputs only: HTTP answers, the Actuator's Prometheus page, the service's log, its exit.
 * Load is a bounded number of sequential loopback requests.
 */
class SpringBootForkedTest {
    static final int REQUESTS = 40;
    static final int LEAKS = 5;
    /** Only against a hang: a SIGTERM'd service ends in well under a second when nothing holds it. */
    static final long STOP_BOUND_SECONDS = 20;

    /** A running service: its process, its port, its output so far. */
    static final class Service implements AutoCloseable {
        final Process process;
        final Path log;
        final int port;

        private Service(Process process, Path log, int port) {
            this.process = process;
            this.log = log;
            this.port = port;
        }

        static Service start(boolean agent) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of("-Xss1m", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            if (agent) {
                String jar = System.getProperty("gmp.agent.jar");
                assertTrue(jar != null && new File(jar).isFile(), "-Dgmp.agent.jar names the built agent: " + jar);
                cmd.add("-javaagent:" + jar + "=banner=off,leak.threshold=1s");
            }
            cmd.add("-cp");
            cmd.add(System.getProperty("gmp.service.classpath") + File.pathSeparator
                    + Files.readString(Path.of(System.getProperty("gmp.service.deps.file"))).trim());
            cmd.add(DemoService.class.getName());
            cmd.addAll(List.of("--server.port=0", "--server.address=127.0.0.1", "--spring.threads.virtual.enabled=true",
                    "--management.endpoints.web.exposure.include=health,prometheus", "--spring.main.banner-mode=off"));
            Path log = Files.createTempFile("boot-service", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("GMP_") || k.equals("GOMAXPROCS"));
            Process p = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Pattern ready = Pattern.compile("^port=(\\d+)$", Pattern.MULTILINE);
            while (true) {
                Matcher m = ready.matcher(Files.readString(log));
                if (m.find()) {
                    return new Service(p, log, Integer.parseInt(m.group(1)));
                }
                if (!p.isAlive() || System.nanoTime() - deadline > 0) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("the service did not start:\n" + String.join(" ", cmd) + "\n"
                            + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }

        /** One GET on a connection of its own ({@code Connection: close}); the body of a 200 answer. */
        String get(String path) throws IOException {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain;version=0.0.4\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 200"), path + ":\n" + response);
                String body = response.substring(response.indexOf("\r\n\r\n") + 4);
                return response.contains("Transfer-Encoding: chunked") ? unchunk(body) : body;
            }
        }

        /** {@code n} GETs of {@code path} one after another on one keep-alive connection; their bodies. */
        List<String> keepAlive(String path, int n) throws IOException {
            List<String> bodies = new ArrayList<>();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                InputStream in = new java.io.BufferedInputStream(s.getInputStream());
                for (int i = 0; i < n; i++) {
                    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        int c = in.read();
                        assertTrue(c >= 0, "the connection stayed open: " + head);
                        head.append((char) c);
                    }
                    assertTrue(head.toString().startsWith("HTTP/1.1 200"), head.toString());
                    Matcher len = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
                    assertTrue(len.find(), "a sized body: " + head);
                    bodies.add(new String(in.readNBytes(Integer.parseInt(len.group(1))), StandardCharsets.UTF_8));
                }
            }
            return bodies;
        }

        String output() throws IOException {
            return Files.readString(log);
        }

        /** SIGTERM; asserts the service ends within {@link #STOP_BOUND_SECONDS}; the milliseconds it took. */
        long stop() throws InterruptedException {
            long t0 = System.nanoTime();
            process.destroy();
            assertTrue(process.waitFor(STOP_BOUND_SECONDS, TimeUnit.SECONDS), "the service ended after SIGTERM");
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        }

        @Override
        public void close() throws IOException {
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Files.deleteIfExists(log);
        }
    }

    static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            // sizes count bytes; the pages here are ASCII
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
    }

    static double value(String page, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(page);
        assertTrue(m.find(), series + " in\n" + page);
        return Double.parseDouble(m.group(1));
    }

    @Test
    @Timeout(240)
    void withTheAgentEveryRequestIsAGoroutineAndEveryFamilyIsOnTheActuatorPage() throws Exception {
        try (Service s = Service.start(true)) {
            double before = value(s.get("/actuator/prometheus"), "gmp_goroutines_started_total");
            for (int i = 0; i < REQUESTS; i++) {
                assertEquals("hello from a virtual thread\n", s.get("/hello"));
            }
            String page = s.get("/actuator/prometheus");
            double started = value(page, "gmp_goroutines_started_total") - before;
            assertTrue(started >= REQUESTS, "each request on its own connection ran as a goroutine: " + started
                    + " goroutines started for " + REQUESTS + " requests");

            // Keep-alive: Tomcat may serve several requests of one connection on one virtual thread (a figure only).
            List<String> kept = s.keepAlive("/hello", REQUESTS);
            assertEquals(REQUESTS, kept.stream().filter("hello from a virtual thread\n"::equals).count(), kept.toString());
            page = s.get("/actuator/prometheus");
            double keepAliveStarted = value(page, "gmp_goroutines_started_total") - before - started;

            // An idle service: with leak.threshold=1s, nothing is suspected over 3 s (the JDK's pollers, parked in
            // I/O all along, are system goroutines).
            long idleEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() - idleEnd < 0) {
                Thread.sleep(500);
                page = s.get("/actuator/prometheus");
                assertFalse(Pattern.compile("^gmp_goroutines_suspected_leaked\\{.*} [1-9]", Pattern.MULTILINE)
                        .matcher(page).find(), "an idle service has no suspected leak:\n" + page);
            }

            // Five real leaks (futures nobody can reach): exactly five proven once the collector has run.
            s.get("/leak?n=" + LEAKS);
            String leaks = "gmp_goroutine_leaks_total{wait_reason=\"chan receive (Future)\"}";
            long leakDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!page.contains(leaks) || value(page, leaks) < LEAKS) {
                assertTrue(System.nanoTime() - leakDeadline < 0, "five leaks proven:\n" + page);
                s.get("/gc");
                Thread.sleep(250);
                page = s.get("/actuator/prometheus");
            }
            s.get("/gc");
            Thread.sleep(500);
            assertEquals(LEAKS, value(s.get("/actuator/prometheus"), leaks), "no more than five");

            // A goroutine blocked past leak.threshold=1s: reachable, so suspected, never proven.
            s.get("/park");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!page.contains("gmp_goroutines_suspected_leaked{wait_reason=\"chan receive (Future)\"} 1")) {
                assertTrue(System.nanoTime() - deadline < 0, "the parked request became a suspected leak:\n" + page);
                Thread.sleep(250);
                page = s.get("/actuator/prometheus");
            }
            assertEquals(new TreeSet<>(GmpFamilies.TEXT), GmpFamilies.of(page), page);
            assertEquals(LEAKS, value(page, leaks), "the parked request is suspected, not proven");
            String log = s.output();
            assertFalse(log.contains("registration has failed"), log);
            assertFalse(log.contains("Exception"), log);

            long stopMs = s.stop();
            System.out.printf("boot with the agent: %.0f goroutines started for %d requests with Connection: close,"
                    + " %.0f for %d requests on one keep-alive connection (one scrape included in each);"
                    + " %d gmp families on /actuator/prometheus; SIGTERM to exit %d ms%n", started, REQUESTS,
                    keepAliveStarted, REQUESTS, GmpFamilies.of(page).size(), stopMs);
        }
    }

    @Test
    @Timeout(240)
    void withoutTheAgentTheSameServiceStartsAndServesWithoutGmpMetrics() throws Exception {
        try (Service s = Service.start(false)) {
            for (int i = 0; i < 5; i++) {
                assertEquals("hello from a virtual thread\n", s.get("/hello"));
            }
            String page = s.get("/actuator/prometheus");
            assertTrue(page.contains("\njvm_threads_live_threads "), "the application's own metrics\n" + page);
            assertFalse(page.contains("gmp_"), page);
            String log = s.output();
            List<String> gmp = log.lines().filter(l -> l.contains("gmp:")).toList();
            assertEquals(1, gmp.size(), "one log line of the starter:\n" + log);
            assertTrue(gmp.get(0).contains("gmp: no GMP runtime in this JVM, gmp metrics not bound"), log);
            assertFalse(log.contains("Exception"), log);
            System.out.printf("boot without the agent: served, no gmp families; SIGTERM to exit %d ms%n", s.stop());
        }
    }

    /**
     * A Spring Boot application on Java 17 to 20 (which Spring Boot supports, and virtual threads do not) that
     * carries the starter starts as without it, on the JDK that {@code gmp.test.old.java.home} names (pom.xml),
     * where there is one. The application is compiled here, for Java 17.
     */
    @Test
    @Timeout(240)
    void onAJavaOlderThan21TheStarterStaysOutOfTheWay(@TempDir Path dir) throws Exception {
        Path home = Path.of(System.getProperty("gmp.test.old.java.home", "none"));
        Assumptions.assumeTrue(Files.isExecutable(home.resolve("bin/java")), "no JDK older than 21 at " + home);
        String cp = System.getProperty("gmp.service.classpath") + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("gmp.service.deps.file"))).trim();
        Path src = Files.createDirectories(dir.resolve("src/oldjava")).resolve("OldJavaApp.java");
        Files.writeString(src, """
                package oldjava;

                @org.springframework.boot.autoconfigure.SpringBootApplication
                public class OldJavaApp {
                    public static void main(String[] args) {
                        var context = org.springframework.boot.SpringApplication.run(OldJavaApp.class,
                                "--spring.main.web-application-type=none", "--spring.main.banner-mode=off");
                        System.out.println("started=" + context.isActive());
                        System.out.println("gmp_bean=" + context.containsBean("gmpMetrics"));
                        context.close();
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int javac = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17",
                "-proc:none", "-cp", cp, "-d", classes.toString(), src.toString());
        assertEquals(0, javac, "the Java 17 application compiles");
        Path log = dir.resolve("run.log");
        Process p = new ProcessBuilder(home.resolve("bin/java").toString(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                classes + File.pathSeparator + cp, "oldjava.OldJavaApp")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the application did not end within 120 s:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("started=true") && out.contains("gmp_bean=false"), out);
        assertFalse(out.contains("UnsupportedClassVersionError") || out.contains("Exception"), out);
    }
}
