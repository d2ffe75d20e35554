package dev.gmp.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules every shipped dashboard follows, as a list of problems (empty = clean).
 *
 * <ul>
 *   <li>file-provisionable and importable: {@code "id": null}, a stable uid, schemaVersion ≥ 39;</li>
 *   <li>a {@code datasource} variable (type datasource, query prometheus), and {@code job}/{@code instance}
 *       variables, so one dashboard serves every JVM behind any Prometheus;</li>
 *   <li>unique panel ids; every panel and every target uses {@code ${datasource}};</li>
 *   <li>every panel has a description that says what a healthy value looks like ("Healthy: ...") and at
 *       least one query;</li>
 *   <li>panels fit the 24-column grid and do not overlap (Grafana would silently move them);</li>
 *   <li>every metric name is in the metric contract, and every selector in a panel is scoped by
 *       {@code job=~"$job"} and {@code instance=~"$instance"} (otherwise JVMs silently mix).</li>
 * </ul>
 */
final class DashboardLint {

    static final int MIN_SCHEMA_VERSION = 39;
    static final String DATASOURCE_UID = "${datasource}";
    static final String JOB_MATCHER = "job=~\"$job\"";
    static final String INSTANCE_MATCHER = "instance=~\"$instance\"";

    private DashboardLint() {}

    static List<String> problems(String name, JsonNode d) {
        List<String> problems = new ArrayList<>();
        if (!d.has("id") || !d.get("id").isNull()) {
            problems.add(name + ": \"id\" must be null (Grafana assigns it on import)");
        }
        if (!d.path("uid").asText().matches("[a-z0-9-]{1,40}")) {
            problems.add(name + ": needs a stable uid of at most 40 [a-z0-9-], got \"" + d.path("uid").asText() + "\"");
        }
        if (d.path("schemaVersion").asInt() < MIN_SCHEMA_VERSION) {
            problems.add(name + ": schemaVersion " + d.path("schemaVersion").asText() + " < " + MIN_SCHEMA_VERSION);
        }
        if (d.path("title").asText().isBlank()) {
            problems.add(name + ": no title");
        }
        checkVariables(name, d, problems);

        checkLayout(name, d, problems);
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : Dashboards.panels(d)) {
            String where = name + ": panel " + panel.path("id").asText() + " \"" + panel.path("title").asText() + "\"";
            if (!panel.path("id").isInt()) {
                problems.add(where + ": no integer id");
            } else if (!ids.add(panel.get("id").asInt())) {
                problems.add(where + ": duplicate panel id " + panel.get("id").asInt());
            }
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            if (!usesDatasourceVariable(panel.path("datasource"))) {
                problems.add(where + ": datasource must be {\"type\":\"prometheus\",\"uid\":\"${datasource}\"}, got " + panel.path("datasource"));
            }
            if (!panel.path("description").asText().contains("Healthy: ")) {
                problems.add(where + ": no description saying \"Healthy: ...\" (what a healthy value looks like)");
            }
            if (panel.path("targets").isEmpty()) {
                problems.add(where + ": no targets");
            }
            for (JsonNode target : panel.path("targets")) {
                String t = where + " target " + target.path("refId").asText();
                if (!usesDatasourceVariable(target.path("datasource"))) {
                    problems.add(t + ": datasource must be {\"type\":\"prometheus\",\"uid\":\"${datasource}\"}, got " + target.path("datasource"));
                }
                String expr = target.path("expr").asText();
                if (expr.isBlank()) {
                    problems.add(t + ": empty expr");
                    continue;
                }
                checkExpr(t, expr, true, problems);
            }
        }
        return problems;
    }

    /** Metric names in {@code expr} outside the contract; with {@code scoped}, selectors missing $job/$instance. */
    static void checkExpr(String where, String expr, boolean scoped, List<String> problems) {
        List<PromQl.Selector> selectors;
        try {
            selectors = PromQl.selectors(expr);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return;
        }
        if (selectors.isEmpty()) {
            problems.add(where + ": no metric in: " + expr);
        }
        for (PromQl.Selector s : selectors) {
            if (MetricContract.familyOf(s.metric()) == null) {
                problems.add(where + ": metric \"" + s.metric() + "\" is not in the metric contract: " + expr);
            }
            if (scoped && !(s.matchers().contains(JOB_MATCHER) && s.matchers().contains(INSTANCE_MATCHER))) {
                problems.add(where + ": selector " + s.metric() + "{" + s.matchers() + "} lacks "
                        + JOB_MATCHER + "," + INSTANCE_MATCHER);
            }
        }
    }

    private static void checkVariables(String name, JsonNode d, List<String> problems) {
        JsonNode ds = variable(d, "datasource");
        if (ds == null || !ds.path("type").asText().equals("datasource") || !ds.path("query").asText().equals("prometheus")) {
            problems.add(name + ": needs a variable \"datasource\" of type datasource with query prometheus"
                    + " (file provisioning does not substitute ${DS_PROMETHEUS} inputs)");
        }
        for (String v : List.of("job", "instance")) {
            JsonNode var = variable(d, v);
            if (var == null || !var.path("type").asText().equals("query")) {
                problems.add(name + ": needs a query variable \"" + v + "\"");
            } else if (!usesDatasourceVariable(var.path("datasource"))) {
                problems.add(name + ": variable $" + v + " must use ${datasource}, got " + var.path("datasource"));
            }
        }
        try {
            for (Dashboards.Query q : Dashboards.queries(name, d)) {
                if (q.isVariable()) {
                    checkExpr(name + ": " + q.where(), q.expr(), false, problems);
                }
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }

    /** Top-level panels (rows included) must lie inside the 24-column grid without overlapping. */
    private static void checkLayout(String name, JsonNode d, List<String> problems) {
        java.util.Map<Long, String> cells = new java.util.HashMap<>();
        for (JsonNode panel : d.path("panels")) {
            JsonNode g = panel.path("gridPos");
            int x = g.path("x").asInt(-1);
            int y = g.path("y").asInt(-1);
            int w = g.path("w").asInt(0);
            int h = g.path("h").asInt(0);
            String title = "panel " + panel.path("id").asText() + " \"" + panel.path("title").asText() + "\"";
            if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > 24) {
                problems.add(name + ": " + title + " has gridPos " + g + " outside the 24-column grid");
                continue;
            }
            for (int i = x; i < x + w; i++) {
                for (int j = y; j < y + h; j++) {
                    String other = cells.putIfAbsent(((long) j << 8) | i, title);
                    if (other != null) {
                        problems.add(name + ": " + title + " overlaps " + other + " at x=" + i + " y=" + j);
                        i = x + w;
                        break;
                    }
                }
            }
        }
    }

    private static JsonNode variable(JsonNode d, String name) {
        for (JsonNode v : d.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private static boolean usesDatasourceVariable(JsonNode ds) {
        return ds.path("type").asText().equals("prometheus") && ds.path("uid").asText().equals(DATASOURCE_UID);
    }
}
