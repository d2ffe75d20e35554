package dev.gmp.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end check: a real Prometheus, configured by a copy of the shipped prometheus.yml, scrapes
 * a forked JVM running the demo service with the real agent jar; then every panel query and every variable
 * query of every shipped dashboard, with Grafana's variables substituted, must return at least one series,
 * and every alert rule must load and evaluate without error.
 *
 * <p>Nothing here stands in for the agent: without {@code gmp.agent.jar} and {@code gmp.examples.classpath} (both
 * resolved by Maven from the module's dependencies) the test fails, naming them ({@code -Dgmp.live=false} leaves it out of the build). The target is a command line
 * ({@code -Dgmp.live.target}) so the demo can change without touching this class.
 */
class LiveDashboardIT {

    /**
     * The demo service with the agent serving /metrics on {port}. leak.threshold is short so that the
     * suspected-leak gauge fills within the test; the demo must produce at least one proven and one
     * suspected leak for the leak panels to have series.
     */
    static final String DEFAULT_TARGET = "{java} -javaagent:{agent}=prometheus=127.0.0.1:{port},leak.threshold=1s"
            + " -cp {examples} dev.gmp.examples.DemoService";

    private static final String INTERVAL = "1s";
    /** Grafana's $__rate_interval: max($__interval + scrape interval, 4 × scrape interval). */
    private static final String RATE_INTERVAL = "4s";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Process target;
    private PrometheusServer prometheus;

    @AfterEach
    void stopEverything() throws InterruptedException {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            Processes.stop(target);
        }
    }

    @Test
    void everyDashboardQueryReturnsDataFromARealPrometheus() throws Exception {
        Path agentJar = requiredFile("gmp.agent.jar", "the agent (mvn -B package -pl agent -am)");
        String examples = requiredClassPath("gmp.examples.classpath", "the demo service's class path (the examples and the runtime)");
        Path work = Files.createDirectories(Dashboards.moduleDir().resolve("target/live-" + Instant.now().toEpochMilli()));
        Duration timeout = Duration.ofSeconds(Long.getLong("gmp.live.timeout", 120));

        int agentPort = PrometheusServer.freeLoopbackPort();
        String instance = "127.0.0.1:" + agentPort;
        Path targetLog = work.resolve("target.log");
        List<String> command = targetCommand(agentJar, examples, agentPort);
        System.out.println("live: target " + String.join(" ", command) + " (log " + targetLog + ")");
        target = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(targetLog.toFile()).start();
        killOnExit(target);
        awaitMetrics(instance, targetLog);

        Path config = PrometheusServer.configFor(Dashboards.moduleDir().resolve("prometheus/prometheus.yml"), work, INTERVAL, instance);
        String job = Yaml.read(config).path("scrape_configs").get(0).path("job_name").asText();
        prometheus = PrometheusServer.start(config, work);
        killOnExit(prometheus.process());
        prometheus.awaitReady(STARTUP);
        awaitTargetUp(instance, targetLog);

        Map<String, String> vars = Map.of("datasource", "prometheus", "job", job, "instance", instance,
                "__rate_interval", RATE_INTERVAL, "__interval", INTERVAL);
        List<Dashboards.Query> queries = new ArrayList<>();
        for (Path f : Dashboards.shipped()) {
            queries.addAll(Dashboards.queries(f.getFileName().toString(), Dashboards.read(f)));
        }
        Map<Dashboards.Query, String> verdicts = evaluateUntilAllHaveData(queries, vars, job, instance, targetLog, timeout);
        awaitRulesHealthy(timeout);
        provenLeaksFireTheirAlert(instance, timeout);

        System.out.println("live: " + queries.size() + " queries evaluated against " + instance + ":");
        verdicts.forEach((q, v) -> System.out.println("live:   " + q.dashboard() + " " + q.where() + ": " + v + "  <- "
                + Dashboards.substitute(q.expr(), vars)));
        List<String> empty = verdicts.entrySet().stream().filter(e -> e.getValue().startsWith("NO DATA"))
                .map(e -> e.getKey().dashboard() + " " + e.getKey().where() + ": " + e.getValue() + "\n    "
                        + Dashboards.substitute(e.getKey().expr(), vars)).toList();
        assertEquals(List.of(), empty, "queries without data after " + timeout + " (the target exposes: "
                + exposedFamilies(instance) + "; target log " + targetLog + ")");
    }

    /** If the test JVM is stopped before @AfterEach (failsafe timeout, Ctrl-C), its children must not outlive it. */
    private static void killOnExit(Process p) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }, "kill-" + p.pid()));
    }

    private static Path requiredFile(String property, String what) {
        Path p = Path.of(requiredProperty(property, what)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw missing(property, what, p);
        }
        return p;
    }

    /** A class path whose every entry exists (a jar, or a directory of classes when run from an IDE). */
    private static String requiredClassPath(String property, String what) {
        List<String> entries = new ArrayList<>();
        for (String entry : requiredProperty(property, what).split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                throw missing(property, what, p);
            }
            entries.add(p.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String requiredProperty(String property, String what) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new AssertionError("-D" + property + " is not set: it names " + what + "; run through Maven"
                    + " (mvn -B verify) or set it. To leave this test out: -Dgmp.live=false");
        }
        return value;
    }

    private static AssertionError missing(String property, String what, Path p) {
        return new AssertionError("LiveDashboardIT needs " + what + " at " + p + " (-D" + property
                + "); build it first, or leave this test out with -Dgmp.live=false");
    }

    private static List<String> targetCommand(Path agentJar, String examples, int port) {
        String template = System.getProperty("gmp.live.target", DEFAULT_TARGET);
        List<String> out = new ArrayList<>();
        for (String word : template.trim().split("\\s+")) {
            out.add(word.replace("{java}", Path.of(System.getProperty("java.home"), "bin", "java").toString())
                    .replace("{agent}", agentJar.toString())
                    .replace("{examples}", examples)
                    .replace("{port}", Integer.toString(port)));
        }
        return out;
    }

    private void checkTargetAlive(Path targetLog) {
        if (!target.isAlive()) {
            throw new AssertionError("the target JVM exited with " + target.exitValue() + ":\n" + Processes.tail(targetLog, 40));
        }
    }

    /** Waits until the agent serves /metrics with gmp_info, so Prometheus' first scrape finds it. */
    private void awaitMetrics(String instance, Path targetLog) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            checkTargetAlive(targetLog);
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + instance + "/metrics"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("gmp_info")) {
                    return;
                }
                last = "HTTP " + r.statusCode() + ", gmp_info " + (r.body().contains("gmp_info") ? "present" : "absent");
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no gmp_info at http://" + instance + "/metrics within " + STARTUP + " (" + last + "):\n"
                + Processes.tail(targetLog, 40));
    }

    private void awaitTargetUp(String instance, Path targetLog) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        JsonNode targets = null;
        while (System.nanoTime() < deadline) {
            checkTargetAlive(targetLog);
            targets = prometheus.activeTargets();
            for (JsonNode t : targets) {
                if (t.path("labels").path("instance").asText().equals(instance) && t.path("health").asText().equals("up")) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus never scraped " + instance + " successfully within " + STARTUP + ": "
                + targets + "\n" + prometheus.logTail());
    }

    /**
     * Evaluates every query each second until all have data or {@code timeout} passes (counters need two
     * scrapes for a rate; leak gauges need the demo to have leaked). Returns a verdict per query:
     * "N series (first value V)" or "NO DATA ...".
     */
    private Map<Dashboards.Query, String> evaluateUntilAllHaveData(List<Dashboards.Query> queries, Map<String, String> vars,
            String job, String instance, Path targetLog, Duration timeout) throws IOException, InterruptedException {
        Map<Dashboards.Query, String> verdicts = new LinkedHashMap<>();
        queries.forEach(q -> verdicts.put(q, "NO DATA (never evaluated)"));
        Map<String, String> expectedLabel = Map.of("job", job, "instance", instance);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            checkTargetAlive(targetLog);
            for (Dashboards.Query q : queries) {
                if (!verdicts.get(q).startsWith("NO DATA")) {
                    continue;
                }
                JsonNode result = prometheus.query(Dashboards.substitute(q.expr(), vars));
                if (q.isVariable()) {
                    Set<String> values = new TreeSet<>();
                    result.forEach(s -> values.add(s.path("metric").path(q.variableLabel()).asText()));
                    String want = expectedLabel.get(q.variableLabel());
                    verdicts.put(q, values.contains(want) ? "offers " + values
                            : "NO DATA: label " + q.variableLabel() + " values " + values + " lack " + want);
                } else {
                    verdicts.put(q, result.isEmpty() ? "NO DATA: empty result"
                            : result.size() + " series (first value " + result.get(0).path("value").get(1).asText() + ")");
                }
            }
            boolean done = verdicts.values().stream().noneMatch(v -> v.startsWith("NO DATA"));
            if (done || System.nanoTime() > deadline) {
                return verdicts;
            }
            Thread.sleep(1000);
        }
    }

    /** Every shipped alert rule is loaded and has evaluated without error against the live data. */
    private void awaitRulesHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> rules = prometheus.rules();
        while (System.nanoTime() < deadline) {
            rules = prometheus.rules();
            if (rules.stream().allMatch(r -> r.path("health").asText().equals("ok"))) {
                break;
            }
            Thread.sleep(500);
        }
        Set<String> loaded = new TreeSet<>();
        for (JsonNode r : rules) {
            loaded.add(r.path("name").asText());
            assertEquals("ok", r.path("health").asText(), "rule " + r.path("name").asText() + ": " + r.path("lastError").asText());
            System.out.println("live: rule " + r.path("name").asText() + " health ok, state " + r.path("state").asText());
        }
        assertEquals(new TreeSet<>(AlertRules.names()), loaded, "rules loaded by Prometheus");
    }

    /**
     * When the target has proven leaks, GmpGoroutineLeakProven fires on the real exposition: this checks the
     * rule's path for a {wait_reason} series that first appears at its first leak, which the promtool tests
     * can only model.
     */
    private void provenLeaksFireTheirAlert(String instance, Duration timeout) throws IOException, InterruptedException {
        JsonNode leaks = prometheus.query("sum(gmp_goroutine_leaks_total{instance=\"" + instance + "\"})");
        if (leaks.isEmpty() || leaks.get(0).path("value").get(1).asDouble() == 0) {
            System.out.println("live: the target reported no proven leak; GmpGoroutineLeakProven not exercised");
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            for (JsonNode r : prometheus.rules()) {
                if (r.path("name").asText().equals("GmpGoroutineLeakProven")) {
                    state = r.path("state").asText();
                }
            }
            if (state.equals("firing")) {
                System.out.println("live: GmpGoroutineLeakProven firing for the target's proven leaks");
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the target reported " + leaks + " proven leaks but GmpGoroutineLeakProven is " + state);
    }

    private String exposedFamilies(String instance) throws IOException, InterruptedException {
        JsonNode names = prometheus.query("count by (__name__) ({instance=\"" + instance + "\"})");
        Set<String> out = new TreeSet<>();
        names.forEach(n -> out.add(n.path("metric").path("__name__").asText()));
        return out.toString();
    }
}
