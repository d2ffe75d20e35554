package dev.gmp.agent.export;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.GmpConfigException;
import dev.gmp.GmpRuntime;
import dev.gmp.Promtool;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The listener in-process: a real scrape, checked by a real promtool, and the debug endpoints. */
class ExportersTest {
    /** The metric contract (docs/observability.md): the exposition must show exactly these. */
    static final List<String> CONTRACT = List.of("gmp_gomaxprocs", "gmp_goroutines", "gmp_goroutines_started_total",
            "gmp_goroutine_panics_total", "gmp_p_runqueue_depth", "gmp_global_runqueue_depth", "gmp_p_steals_total",
            "gmp_p_stolen_goroutines_total", "gmp_p_runqueue_overflows_total", "gmp_threads",
            "gmp_threads_started_total", "gmp_threads_limit", "gmp_syscalls_total", "gmp_syscall_handoffs_total",
            "gmp_preemptions_total", "gmp_sched_latency_seconds", "gmp_goroutine_leaks_total",
            "gmp_goroutines_suspected_leaked", "gmp_deadlocks_total", "gmp_info");

    static GmpRuntime rt;
    static final CountDownLatch release = new CountDownLatch(1);
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void workload() throws Exception {
        rt = GmpRuntime.builder().name("exporters").gomaxprocs(3).maxThreads(500).build();
        rt.scheduler().detections().leakProven("chan receive");
        rt.scheduler().detections().suspectedLeaks(Map.of("chan send", 2));
        CountDownLatch started = new CountDownLatch(20);
        rt.go(() -> {
            for (int i = 0; i < 20; i++) {
                rt.go(() -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            for (int i = 0; i < 2000; i++) {
                rt.go(() -> { });
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
    }

    @AfterAll
    static void stop() {
        release.countDown();
        rt.close();
    }

    static HttpResponse<String> get(Exporters ex, String pathAndQuery) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + ex.address().getPort() + pathAndQuery);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    static double value(String exposition, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        assertTrue(m.find(), series + " in\n" + exposition);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void metricsShowEveryContractNameAndPassPromtool() throws Exception {
        try (Exporters ex = Exporters.start(null, 0, false, rt)) {
            assertEquals("127.0.0.1", ex.address().getAddress().getHostAddress(), "loopback unless a host is given");
            HttpResponse<String> r = get(ex, "/metrics");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            String body = r.body();
            for (String name : CONTRACT) {
                assertTrue(Pattern.compile("^# TYPE " + name + " ", Pattern.MULTILINE).matcher(body).find(),
                        name + " missing:\n" + body);
            }
            Matcher types = Pattern.compile("^# TYPE (\\S+) ", Pattern.MULTILINE).matcher(body);
            int families = 0;
            while (types.find()) {
                assertTrue(CONTRACT.contains(types.group(1)), "unexpected family " + types.group(1));
                families++;
            }
            assertEquals(CONTRACT.size(), families, "exactly the contract's families");

            assertEquals(3, value(body, "gmp_gomaxprocs"));
            assertEquals(500, value(body, "gmp_threads_limit"));
            assertTrue(value(body, "gmp_goroutines_started_total") >= 2021);
            assertTrue(value(body, "gmp_goroutines{state=\"waiting\",}") >= 20);
            assertEquals(1, value(body, "gmp_goroutine_leaks_total{wait_reason=\"chan receive\",}"));
            assertEquals(2, value(body, "gmp_goroutines_suspected_leaked{wait_reason=\"chan send\",}"));
            assertEquals(0, value(body, "gmp_deadlocks_total"));
            for (int p = 0; p < 3; p++) {
                value(body, "gmp_p_steals_total{p=\"" + p + "\",}");
            }
            assertFalse(body.contains("p=\"3\""), "only active Ps");
            assertEquals(value(body, "gmp_sched_latency_seconds_count"),
                    value(body, "gmp_sched_latency_seconds_bucket{le=\"+Inf\",}"));
            assertTrue(value(body, "gmp_sched_latency_seconds_count") > 0, "2000 goroutines were scheduled");
            assertTrue(body.contains("gmp_info{version=\"") && body.contains("jdk=\"" + Runtime.version() + "\""));

            Promtool.checkMetrics(body);

            HttpResponse<String> om = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + ex.address().getPort() + "/metrics")).header("Accept", "application/openmetrics-text; version=1.0.0")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
            // OpenMetrics names a family without its reserved suffix: gmp_info is the info family gmp.
            assertTrue(om.body().contains("# TYPE gmp info\n"), om.body());
            assertTrue(om.body().contains("# TYPE gmp_goroutines_started counter\n"), om.body());
            assertTrue(om.body().contains("\ngmp_goroutines_started_total "), om.body());
            Promtool.checkOpenMetrics(om.body());
            Promtool.checkNoReservedSuffix(om.body());
        }
    }

    @Test
    void debugEndpointsWhenOn() throws Exception {
        try (Exporters ex = Exporters.start("127.0.0.1", 0, true, rt)) {
            HttpResponse<String> d2 = get(ex, "/debug/gmp/goroutines?debug=2");
            assertEquals(200, d2.statusCode());
            assertTrue(Pattern.compile("^goroutine \\d+ \\[sync.WaitGroup.Wait \\(CountDownLatch\\)\\]:$",
                    Pattern.MULTILINE).matcher(d2.body()).find(), d2.body());
            assertTrue(d2.body().contains("created by dev.gmp.agent.export.ExportersTest.lambda$workload$"), d2.body());

            HttpResponse<String> d1 = get(ex, "/debug/gmp/goroutines?debug=1");
            assertEquals(200, d1.statusCode());
            assertTrue(Pattern.compile("^goroutine profile: total \\d+\n20 @ ").matcher(d1.body()).find(),
                    "the 20 parked goroutines share one stack, the largest group:\n" + d1.body());
            assertTrue(get(ex, "/debug/gmp/goroutines").body().startsWith("goroutine profile: total "),
                    "without debug=, the debug=1 form");

            for (String bad : List.of("0", "3", "x", "")) {
                HttpResponse<String> r = get(ex, "/debug/gmp/goroutines?debug=" + bad);
                assertEquals(400, r.statusCode(), bad);
                assertEquals("debug=" + bad + ": " + GoroutinesHandler.VALID + "\n", r.body());
            }

            HttpResponse<String> sched = get(ex, "/debug/gmp/sched");
            assertEquals(200, sched.statusCode());
            assertTrue(Pattern.compile("SCHED \\d+ms: gomaxprocs=3 idleprocs=\\d+ threads=\\d+ spinningthreads=\\d+ "
                    + "needspinning=\\d idlethreads=\\d+ runqueue=\\d+ \\[\\d+ \\d+ \\d+\\]\n").matcher(sched.body())
                    .matches(), sched.body());
            HttpResponse<String> detail = get(ex, "/debug/gmp/sched?detail=1");
            assertTrue(detail.body().contains("\n  P2: status="), detail.body());
            assertEquals(400, get(ex, "/debug/gmp/sched?detail=2").statusCode());
            assertEquals(404, get(ex, "/debug/gmp/other").statusCode());
        }
    }

    @Test
    void nothingButMetricsWhenDebugEndpointsAreOff() throws Exception {
        try (Exporters ex = Exporters.start(null, 0, false, rt)) {
            assertEquals(404, get(ex, "/debug/gmp/goroutines?debug=2").statusCode());
            assertEquals(404, get(ex, "/debug/gmp/sched").statusCode());
            assertEquals(404, get(ex, "/").statusCode());
            assertEquals(404, get(ex, "/metrics/extra").statusCode());
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ex.address().getPort()
                    + "/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void portInUseIsOneClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            GmpConfigException e = assertThrows(GmpConfigException.class,
                    () -> Exporters.start(null, taken.getLocalPort(), false, rt));
            assertTrue(e.getMessage().startsWith("prometheus=127.0.0.1:" + taken.getLocalPort() + ": cannot listen ("),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        GmpConfigException bad = assertThrows(GmpConfigException.class, () -> Exporters.start(null, 70000, false, rt));
        assertEquals("prometheus=127.0.0.1:70000: invalid port; valid: 0 to 65535", bad.getMessage());
    }

    @Test
    void listenerThreadsAreDaemons() throws Exception {
        try (Exporters ex = Exporters.start(null, 0, true, rt)) {
            get(ex, "/metrics");
            List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("HTTP-Dispatcher") || t.getName().startsWith("gmp-metrics"))
                    .toList();
            assertFalse(threads.isEmpty());
            assertTrue(threads.stream().allMatch(Thread::isDaemon), threads::toString);
        }
    }
}
