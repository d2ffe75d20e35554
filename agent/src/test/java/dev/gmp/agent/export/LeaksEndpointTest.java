package dev.gmp.agent.export;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Chan;
import dev.gmp.GmpRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /debug/gmp/leaks[?check=1]}: both kinds of leaks with stacks, only when debug endpoints are on. */
@Timeout(60)
class LeaksEndpointTest {
    private static final Chan<Integer> NEVER = Chan.make();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(Exporters ex, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ex.address().getPort() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static void stuckWorker(GmpRuntime rt) {
        rt.go(NEVER::recv);
    }

    @Test
    void servesTheLeakReport() throws Exception {
        try (GmpRuntime rt = GmpRuntime.builder().name("leaksep").gomaxprocs(1)
                .leakThreshold(Duration.ofMillis(100)).build();
             Exporters ex = Exporters.start("127.0.0.1", 0, true, rt)) {
            stuckWorker(rt);
            stuckWorker(rt);
            HttpResponse<String> r = get(ex, "/debug/gmp/leaks?check=1");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!r.body().contains(", suspected 2 ")) {
                assertTrue(System.nanoTime() < deadline, r.body());
                Thread.sleep(50);
                r = get(ex, "/debug/gmp/leaks");
            }
            assertEquals(200, r.statusCode());
            assertTrue(r.body().startsWith("goroutine leaks: proven 0, suspected 2 (blocked > 100ms)\n"), r.body());
            assertTrue(r.body().contains("\n2 goroutines [chan receive, oldest "), r.body());
            assertTrue(r.body().contains("created by dev.gmp.agent.export.LeaksEndpointTest.stuckWorker\n"), r.body());
            assertEquals(400, get(ex, "/debug/gmp/leaks?check=2").statusCode());
        }
        try (GmpRuntime rt = GmpRuntime.builder().name("leaksoff").gomaxprocs(1).build();
             Exporters ex = Exporters.start("127.0.0.1", 0, false, rt)) {
            assertEquals(404, get(ex, "/debug/gmp/leaks").statusCode());
        }
    }
}
