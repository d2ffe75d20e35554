package dev.gmp.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What promtool cannot know: the rules speak the metric contract and tell the on-call person what to do. */
class AlertRulesTest {

    /** Proven leaks, suspected leaks for 10m, steady growth over 30m, deadlock. */
    @Test
    void theFourAlertsOfIssue7() {
        assertEquals(List.of("GmpGoroutineLeakProven", "GmpGoroutinesSuspectedLeaked", "GmpGoroutinesGrowing", "GmpDeadlock"),
                AlertRules.names());
        JsonNode suspected = AlertRules.rules().get(1);
        assertEquals("10m", suspected.path("for").asText());
        assertTrue(AlertRules.rules().get(2).path("expr").asText().contains("offset 30m"));
    }

    @Test
    void rulesUseOnlyContractMetrics() {
        List<String> problems = new ArrayList<>();
        for (JsonNode rule : AlertRules.rules()) {
            DashboardLint.checkExpr(rule.path("alert").asText(), rule.path("expr").asText(), false, problems);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyAlertIsActionable() {
        for (JsonNode rule : AlertRules.rules()) {
            String name = rule.path("alert").asText();
            JsonNode a = rule.path("annotations");
            assertTrue(a.path("summary").asText().contains("{{ $labels.instance }}"), name + ": summary must name the instance");
            String description = a.path("description").asText();
            assertTrue(description.length() > 200, name + ": description too thin to act on");
            assertTrue(description.contains("http://{{ $labels.instance }}/debug/gmp/"),
                    name + ": description must say which debug endpoint to open");
            assertTrue(Set.of("warning", "critical").contains(rule.path("labels").path("severity").asText()),
                    name + ": needs severity warning or critical");
        }
    }

    /** Every rule has a promtool case where it fires and one where it stays quiet. */
    @Test
    void unitTestsCoverFiringAndQuietForEveryRule() {
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : Yaml.read(AlertRules.TESTS).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").isEmpty() ? quiet : fires).add(check.path("alertname").asText());
            }
        }
        Set<String> all = new TreeSet<>(AlertRules.names());
        assertEquals(all, fires, "rules with a firing case");
        assertEquals(all, quiet, "rules with a quiet case");
    }
}
