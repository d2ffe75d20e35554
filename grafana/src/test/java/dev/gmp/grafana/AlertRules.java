package dev.gmp.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shipped alert rules (prometheus/gmp-alerts.yml). */
final class AlertRules {

    static final Path FILE = Dashboards.moduleDir().resolve("prometheus/gmp-alerts.yml");
    static final Path TESTS = Dashboards.moduleDir().resolve("prometheus/gmp-alerts.test.yml");

    private AlertRules() {}

    static List<JsonNode> rules() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode group : Yaml.read(FILE).path("groups")) {
            group.path("rules").forEach(out::add);
        }
        return out;
    }

    static List<String> names() {
        return rules().stream().map(r -> r.path("alert").asText()).toList();
    }
}
