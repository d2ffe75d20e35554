package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testapp.ParkedGoroutines;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code go tool pprof} reads a JVM's goroutines from the agent's {@code /debug/pprof/goroutine}, as it reads a Go
 * program's from net/http/pprof: 1,000 goroutines parked in one function are one sample of 1,000, with function
 * names and file:line intact. Needs {@code go} on the PATH ({@code .ci/run} installs it).
 *
 * <p>Go 1.19 here, a program with 1,000 goroutines parked in {@code waitForWork} ({@code <-c}) serving
 * net/http/pprof: {@code go tool pprof -traces -lines} on its {@code /debug/pprof/goroutine} starts with (its
 * {@code Time:} line left out)
 * <pre>
 * Type: goroutine
 * -----------+-------------------------------------------------------
 *       1000   runtime.gopark /usr/lib/go-1.19/src/runtime/proc.go:363
 *              runtime.chanrecv /usr/lib/go-1.19/src/runtime/chan.go:583
 *              runtime.chanrecv1 /usr/lib/go-1.19/src/runtime/chan.go:442
 *              main.waitForWork /work/scratch/fair/pprofgo/main.go:10
 * </pre>
 * and {@code ?debug=1} with
 * <pre>
 * goroutine profile: total 1003
 * 1000 @ 0x43b256 0x407e5b 0x407998 0x67089b 0x46b121
 * #	0x67089a	main.waitForWork+0x1a	/work/scratch/fair/pprofgo/main.go:10
 * </pre>
 * (Go's profile keeps runtime.gopark and chanrecv in the stack, as its pprof does; the agent's shows the
 * frames its dumps show.)
 */
class PprofForkedTest {
    static final int PARKED = 1000;

    @TempDir
    Path dir;

    @Test
    @Timeout(150)
    void goToolPprofReadsTheGoroutineProfile() throws Exception {
        int port = ForkedJvm.freeLoopbackPort();
        Path marker = dir.resolve("done");
        CompletableFuture<ForkedJvm.Result> app = CompletableFuture.supplyAsync(() -> {
            try {
                return ForkedJvm.main(ParkedGoroutines.class, "" + PARKED, marker.toString())
                        .agentArgs("banner=off,prometheus=" + port).timeout(130).run();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        String base = "http://127.0.0.1:" + port + "/debug/pprof/";
        try {
            String text = awaitParked(base + "goroutine?debug=1", app);
            assertTrue(text.contains(PARKED + " @"), "debug=1 groups the parked goroutines\n" + text);

            HttpResponse<byte[]> bin = get(base + "goroutine");
            assertEquals(200, bin.statusCode());
            assertEquals("application/octet-stream", bin.headers().firstValue("Content-Type").orElse(""));
            assertEquals(0x1f, bin.body()[0] & 0xff, "gzip, as Go sends it");
            assertEquals(0x8b, bin.body()[1] & 0xff);

            String traces = run(dir, "go", "tool", "pprof", "-traces", "-lines", base + "goroutine");
            assertTrue(traces.contains("Type: goroutine"), traces);
            String sample = traces.substring(traces.indexOf(" " + PARKED + "   "));
            assertTrue(sample.contains("dev.gmp.testapp.ParkedGoroutines.waitForWork ParkedGoroutines.java:"),
                    "function and file:line of the parked frame\n" + traces);
            assertTrue(sample.contains("dev.gmp.testapp.ParkedGoroutines.lambda$main$0 ParkedGoroutines.java:"),
                    traces);

            HttpResponse<byte[]> index = get(base);
            String html = new String(index.body(), StandardCharsets.UTF_8);
            assertTrue(html.contains("<a href='goroutine?debug=1'>goroutine</a>"), html);
            assertEquals(404, get(base + "heap").statusCode(), "only the goroutine profile is served");
            String full = new String(get(base + "goroutine?debug=2").body(), StandardCharsets.UTF_8);
            assertTrue(full.startsWith("goroutine ") && full.contains("[chan receive"), full.substring(0,
                    Math.min(400, full.length())));
        } finally {
            Files.writeString(marker, "done");
        }
        ForkedJvm.Result r = app.get(140, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r.toString());
    }

    /** Polls the debug=1 text until it counts the parked goroutines; fails if the application ends first. */
    private static String awaitParked(String url, CompletableFuture<ForkedJvm.Result> app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "";
        while (System.nanoTime() < deadline) {
            if (app.isDone()) {
                throw new AssertionError("the application ended early\n" + app.get());
            }
            try {
                last = new String(get(url).body(), StandardCharsets.UTF_8);
                if (last.contains("ParkedGoroutines.waitForWork") && last.contains(PARKED + " @")) {
                    return last;
                }
            } catch (IOException notListeningYet) {
                // the JVM is still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the goroutines never showed as parked\n" + last);
    }

    private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        try (HttpClient c = HttpClient.newHttpClient()) {
            return c.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    /** Runs a tool with HOME and PPROF_TMPDIR in {@code dir} (pprof saves what it fetches); returns its output. */
    private static String run(Path dir, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("PPROF_TMPDIR", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
