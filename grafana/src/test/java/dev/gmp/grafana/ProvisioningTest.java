package dev.gmp.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Grafana provisioning files and the scrape config agree with each other and with the docs, so a stock
 * Grafana pointed at grafana/provisioning finds the dashboards and a Prometheus that scrapes the agent.
 */
class ProvisioningTest {

    private static final Path MODULE = Dashboards.moduleDir();
    private static final JsonNode PROMETHEUS = Yaml.read(MODULE.resolve("prometheus/prometheus.yml"));
    private static final JsonNode DATASOURCES = Yaml.read(MODULE.resolve("provisioning/datasources/prometheus.yml"));
    private static final JsonNode PROVIDERS = Yaml.read(MODULE.resolve("provisioning/dashboards/gmp.yml"));

    @Test
    void provisioningFilesAreApiVersion1() {
        assertEquals(1, DATASOURCES.path("apiVersion").asInt());
        assertEquals(1, PROVIDERS.path("apiVersion").asInt());
    }

    @Test
    void datasourceIsPrometheusWithTheScrapeIntervalAsTimeInterval() {
        assertEquals(1, DATASOURCES.path("datasources").size());
        JsonNode ds = DATASOURCES.path("datasources").get(0);
        assertEquals("prometheus", ds.path("type").asText());
        assertEquals("proxy", ds.path("access").asText());
        assertTrue(ds.path("url").asText().startsWith("http://"), ds.toString());
        // Grafana derives $__rate_interval from timeInterval; a mismatch makes rate() panels too coarse or empty.
        assertEquals(PROMETHEUS.path("global").path("scrape_interval").asText(), ds.path("jsonData").path("timeInterval").asText());
    }

    @Test
    void dashboardProviderLoadsFilesFromTheDocumentedPath() throws Exception {
        assertEquals(1, PROVIDERS.path("providers").size());
        JsonNode provider = PROVIDERS.path("providers").get(0);
        assertEquals("file", provider.path("type").asText());
        String path = provider.path("options").path("path").asText();
        assertTrue(path.startsWith("/"), "provider path must be absolute: " + path);
        String docs = Files.readString(MODULE.resolve("../docs/grafana.md"));
        assertTrue(docs.contains("grafana/dashboards:" + path + ":ro"), "docs/grafana.md must mount grafana/dashboards at " + path);
        assertTrue(docs.contains("grafana/provisioning:/etc/grafana/provisioning"), "docs/grafana.md must mount the provisioning folder");
    }

    @Test
    void scrapeConfigTargetsTheAgentAndWiresTheAlertRules() {
        JsonNode scrape = PROMETHEUS.path("scrape_configs");
        assertEquals(1, scrape.size());
        assertEquals("/metrics", scrape.get(0).path("metrics_path").asText("/metrics"));
        assertEquals("127.0.0.1:9464", scrape.get(0).path("static_configs").get(0).path("targets").get(0).asText());
        assertEquals(1, PROMETHEUS.path("rule_files").size());
        Path rules = MODULE.resolve("prometheus").resolve(PROMETHEUS.path("rule_files").get(0).asText());
        assertEquals(AlertRules.FILE.normalize(), rules.normalize());
    }
}
