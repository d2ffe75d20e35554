package dev.gmp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import dev.gmp.GmpStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo service, bounded: start it, use its HTTP endpoint, watch the scheduler work, stop it cleanly. */
class DemoServiceTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Timeout(60)
    void servesWorksLeaksAndStopsCleanly() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        GmpStats before = Gmp.stats();
        int liveBefore = applicationGoroutines();
        int port;
        DemoService demo = new DemoService(new DemoService.Options(0, true, true),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            port = demo.start();
            HttpResponse<String> work = get(port, "/work?n=50");
            assertEquals(200, work.statusCode());
            assertTrue(work.body().startsWith("n=50 sum="), work.body());

            // Within a few seconds every activity has run at least once: a burst (1 s), file reads, the leak (3 s).
            assertTrue(Work.until(() -> demo.leaked() >= 1 && demo.requests() >= 3, 15_000), log.toString());
            GmpStats during = Gmp.stats();
            assertTrue(during.goroutines().created() - before.goroutines().created() >= 2_000,
                    "bursts, pipeline, requests created goroutines");
            assertTrue(during.runqueueOverflows() > before.runqueueOverflows(), "a burst overflowed a local queue");
            assertTrue(during.syscalls() > before.syscalls(), "blocking file reads ran as syscalls");

            HttpResponse<String> index = get(port, "/");
            assertTrue(index.body().contains("goroutines created") && index.body().contains("SCHED"), index.body());
            assertTrue(log.toString().contains("demo: http://127.0.0.1:" + port + "/"), log.toString());
        } finally {
            demo.close();
        }
        assertThrows(IOException.class, () -> get(port, "/"), "the HTTP server stopped");
        // The loops and the stuck goroutines returned; only the deliberately leaked ones may remain parked.
        assertTrue(Work.until(() -> applicationGoroutines() <= liveBefore + demo.leaked(), 5_000),
                () -> "live goroutines back to the baseline: " + applicationGoroutines() + " vs " + liveBefore
                        + " + " + demo.leaked() + " leaked:\n" + dump());
    }

    /**
     * Live goroutines except the JDK's I/O poller threads: the first socket operation of a goroutine starts
     * them as virtual threads that inherit its scheduler, and they stay, parked in IO wait, for good.
     */
    private static int applicationGoroutines() {
        return (int) Gmp.goroutines().stream()
                .filter(g -> g.createdBy().stream().noneMatch(f -> f.getClassName().equals("java.lang.System$1")))
                .count();
    }

    private static String dump() {
        StringBuilder sb = new StringBuilder();
        try {
            Gmp.dump(sb, 2);
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    @Test
    void badOptionIsOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DemoService.Options.parse(new String[] {"--bogus"}));
        assertEquals("unknown option --bogus (valid: --port N, --leak, --no-leak, --quiet)", e.getMessage());
        assertEquals(new DemoService.Options(9000, false, false),
                DemoService.Options.parse(new String[] {"--port", "9000", "--no-leak"}));
    }
}
