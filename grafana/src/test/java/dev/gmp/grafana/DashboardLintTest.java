package dev.gmp.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DashboardLintTest {

    private static final Path OVERVIEW = Dashboards.moduleDir().resolve("dashboards/gmp-overview.json");

    @Test
    void shippedDashboardsAreClean() {
        List<Path> files = Dashboards.shipped();
        assertTrue(files.contains(OVERVIEW), "missing " + OVERVIEW + " in " + files);
        for (Path f : files) {
            List<String> problems = DashboardLint.problems(f.getFileName().toString(), Dashboards.read(f));
            assertEquals(List.of(), problems, f + " has problems:\n" + String.join("\n", problems));
        }
    }

    @Test
    void dashboardUidsAreUnique() {
        Set<String> uids = new TreeSet<>();
        for (Path f : Dashboards.shipped()) {
            assertTrue(uids.add(Dashboards.read(f).path("uid").asText()), "uid reused by " + f);
        }
    }

    /** Every family of the metric contract is charted (or feeds a variable) somewhere: nothing exported goes unseen. */
    @Test
    void everyContractMetricIsUsed() {
        Set<String> used = new TreeSet<>();
        for (Path f : Dashboards.shipped()) {
            for (Dashboards.Query q : Dashboards.queries(f.getFileName().toString(), Dashboards.read(f))) {
                PromQl.selectors(q.expr()).forEach(s -> used.add(MetricContract.familyOf(s.metric())));
            }
        }
        assertEquals(new TreeSet<>(MetricContract.FAMILIES), used);
    }

    /** The dashboard's rows, in their order. */
    @Test
    void overviewHasTheRowsOfIssue8() {
        List<String> rows = Dashboards.panels(Dashboards.read(OVERVIEW)).stream()
                .filter(p -> p.path("type").asText().equals("row")).map(p -> p.path("title").asText()).toList();
        assertEquals(List.of("Goroutines", "Run queues", "Work stealing", "Threads (Ms)", "Syscalls and preemption",
                "Scheduling latency", "Leaks, deadlocks and panics"), rows);
    }

    @Test
    void latencyPanelShowsP50P90P99FromTheHistogram() {
        JsonNode panel = Dashboards.panels(Dashboards.read(OVERVIEW)).stream()
                .filter(p -> p.path("title").asText().startsWith("Scheduling latency p50")).findFirst().orElseThrow();
        List<String> exprs = panel.path("targets").findValuesAsText("expr");
        for (String q : List.of("0.5", "0.9", "0.99")) {
            assertTrue(exprs.stream().anyMatch(e -> e.startsWith("histogram_quantile(" + q + ", sum by (le) (rate(gmp_sched_latency_seconds_bucket{")),
                    "no p" + q + " quantile in " + exprs);
        }
    }

    @Test
    void substituteReplacesKnownVariablesAndRejectsUnknownOnes() {
        assertEquals("rate(a{job=~\"gmp\"}[4s])",
                Dashboards.substitute("rate(a{job=~\"$job\"}[$__rate_interval])", java.util.Map.of("job", "gmp", "__rate_interval", "4s")));
        assertEquals("x", Dashboards.substitute("${datasource}", java.util.Map.of("datasource", "x")));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Dashboards.substitute("a[$__range]", java.util.Map.of()));
    }

    // ---- the lint itself must catch each kind of mistake -----------------------------------------------

    static Stream<Arguments> brokenDashboards() {
        return Stream.of(
                broken("duplicate panel id", "duplicate panel id", d -> panel(d, 3).put("id", 2)),
                broken("hard-coded datasource on a panel", "datasource must be",
                        d -> ((ObjectNode) panel(d, 2).get("datasource")).put("uid", "PBFA97CFB590B2093")),
                broken("hard-coded datasource on a target", "target A: datasource must be",
                        d -> ((ObjectNode) panel(d, 2).get("targets").get(0)).remove("datasource")),
                broken("metric outside the contract", "\"gmp_goroutine_count\" is not in the metric contract",
                        d -> replaceExpr(d, 2, "gmp_goroutines{", "gmp_goroutine_count{")),
                broken("foreign metric", "\"jvm_threads_live\" is not in the metric contract",
                        d -> replaceExpr(d, 2, "gmp_goroutines{", "jvm_threads_live{")),
                broken("bare histogram name", "\"gmp_sched_latency_seconds\" is not",
                        d -> replaceExpr(d, 24, "gmp_sched_latency_seconds_bucket{", "gmp_sched_latency_seconds{")),
                broken("selector not scoped to the instance", "lacks",
                        d -> replaceExpr(d, 2, ",instance=~\"$instance\"", "")),
                broken("numeric id", "\"id\" must be null", d -> d.put("id", 7)),
                broken("old schema", "schemaVersion 27", d -> d.put("schemaVersion", 27)),
                broken("no description", "no description", d -> panel(d, 9).remove("description")),
                broken("description without the healthy value", "Healthy",
                        d -> panel(d, 9).put("description", "Goroutines in the global run queue.")),
                broken("overlapping panels", "overlaps", d -> ((ObjectNode) panel(d, 3).get("gridPos")).put("x", 5)),
                broken("panel wider than the grid", "outside the 24-column grid",
                        d -> ((ObjectNode) panel(d, 5).get("gridPos")).put("w", 10)),
                broken("no datasource variable", "needs a variable \"datasource\"",
                        d -> ((ArrayNode) d.path("templating").path("list")).remove(0)),
                broken("instance variable on a fixed datasource", "variable $instance must use ${datasource}",
                        d -> ((ObjectNode) d.path("templating").path("list").get(2)).putObject("datasource").put("type", "prometheus").put("uid", "abc")),
                broken("variable query outside the contract", "\"gmp_infos\" is not in the metric contract",
                        d -> ((ObjectNode) d.path("templating").path("list").get(1).path("query")).put("query", "label_values(gmp_infos, job)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDashboards")
    void lintCatches(String what, String expectedProblem, Consumer<ObjectNode> breakIt) {
        ObjectNode d = (ObjectNode) Dashboards.read(OVERVIEW).deepCopy();
        assertEquals(List.of(), DashboardLint.problems("copy", d), "the pristine copy must be clean");
        breakIt.accept(d);
        List<String> problems = DashboardLint.problems("copy", d);
        assertFalse(problems.isEmpty(), what + " went unnoticed");
        assertTrue(problems.stream().anyMatch(p -> p.contains(expectedProblem)),
                what + ": expected a problem containing <" + expectedProblem + ">, got:\n" + String.join("\n", problems));
    }

    private static Arguments broken(String what, String expected, Consumer<ObjectNode> change) {
        return Arguments.of(what, expected, change);
    }

    private static ObjectNode panel(ObjectNode d, int id) {
        return (ObjectNode) Dashboards.panels(d).stream().filter(p -> p.path("id").asInt() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no panel " + id));
    }

    private static void replaceExpr(ObjectNode d, int panelId, String from, String to) {
        ObjectNode target = (ObjectNode) panel(d, panelId).get("targets").get(0);
        String expr = target.get("expr").asText();
        assertTrue(expr.contains(from), expr + " lacks " + from);
        target.put("expr", expr.replace(from, to));
    }
}
