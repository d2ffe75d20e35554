package dev.gmp.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus (the Debian binary) on a free loopback port, and the few HTTP API calls the tests need.
 * Owner: the test that starts it; {@link #close()} kills it.
 */
final class PrometheusServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;
    private final String base;

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts {@code prometheus} on 127.0.0.1 with {@code config}, its data and log under {@code dir}. */
    static PrometheusServer start(Path config, Path dir) throws IOException {
        int port = freeLoopbackPort();
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(Processes.tool("gmp.prometheus", "prometheus"),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PrometheusServer(p, log, port);
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Process process() {
        return process;
    }

    String logTail() {
        return Processes.tail(log, 30);
    }

    /** Waits until /-/ready answers 200; fails with the log if Prometheus exits or the deadline passes. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("prometheus not ready within " + timeout + ":\n" + logTail());
    }

    /** The active scrape targets (/api/v1/targets data.activeTargets). */
    JsonNode activeTargets() throws IOException, InterruptedException {
        return api(get("/api/v1/targets")).path("activeTargets");
    }

    /** Rules as Prometheus loaded and evaluated them (/api/v1/rules). */
    List<JsonNode> rules() throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode group : api(get("/api/v1/rules")).path("groups")) {
            group.path("rules").forEach(out::add);
        }
        return out;
    }

    /** Instant query; the result array (vector). Throws on a PromQL error, which no retry can fix. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/query"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .build();
        JsonNode data = api(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        if (!data.path("resultType").asText().equals("vector")) {
            throw new AssertionError("expected a vector from " + promql + ", got " + data);
        }
        return data.path("result");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode api(HttpResponse<String> response) throws IOException {
        JsonNode body = Dashboards.JSON.readTree(response.body());
        if (response.statusCode() != 200 || !body.path("status").asText().equals("success")) {
            throw new AssertionError(response.request().uri() + " -> " + response.statusCode() + " " + response.body());
        }
        return body.path("data");
    }

    @Override
    public void close() throws InterruptedException {
        Processes.stop(process);
    }

    /** Writes {@code dir}/prometheus.yml: the shipped config with {@code interval} and one target, plus its rule files. */
    static Path configFor(Path shipped, Path dir, String interval, String target) throws IOException {
        ObjectNode config = (ObjectNode) Yaml.read(shipped);
        ObjectNode global = (ObjectNode) config.path("global");
        global.put("scrape_interval", interval);
        global.put("evaluation_interval", interval);
        JsonNode scrapeConfigs = config.path("scrape_configs");
        if (scrapeConfigs.size() != 1) {
            throw new AssertionError(shipped + ": expected one scrape config, found " + scrapeConfigs.size());
        }
        ArrayNode targets = (ArrayNode)
                scrapeConfigs.get(0).path("static_configs").get(0).path("targets");
        targets.removeAll();
        targets.add(target);
        for (JsonNode ruleFile : config.path("rule_files")) {
            Path from = shipped.resolveSibling(ruleFile.asText());
            Path to = dir.resolve(ruleFile.asText());
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        }
        Path out = dir.resolve("prometheus.yml");
        Yaml.write(out, config);
        return out;
    }
}
