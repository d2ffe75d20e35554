package dev.gmp.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The shipped dashboards and the queries in them: panel targets and template-variable queries. */
final class Dashboards {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One PromQL query of a dashboard: a panel target, or the selector of a label_values() variable. */
    record Query(String dashboard, String where, String expr, String variableLabel) {
        boolean isVariable() {
            return variableLabel != null;
        }
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");

    private Dashboards() {}

    /** The module directory: Maven runs tests there and passes it as {@code basedir}. */
    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    static List<Path> shipped() {
        try (Stream<Path> files = Files.list(moduleDir().resolve("dashboards"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("not valid JSON: " + file, e);
        }
    }

    /** Every panel, including those nested in collapsed rows. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            for (JsonNode nested : p.path("panels")) {
                out.add(nested);
            }
        }
        return out;
    }

    static List<Query> queries(String name, JsonNode dashboard) {
        List<Query> out = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                out.add(new Query(name, "panel " + panel.path("id").asText() + " \"" + panel.path("title").asText()
                        + "\" target " + target.path("refId").asText(), target.path("expr").asText(), null));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!variable.path("type").asText().equals("query")) {
                continue;
            }
            JsonNode q = variable.path("query");
            String text = q.isTextual() ? q.asText() : q.path("query").asText();
            Matcher m = LABEL_VALUES.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException(name + ": variable $" + variable.path("name").asText()
                        + " is not a label_values(selector, label) query: " + text);
            }
            out.add(new Query(name, "variable $" + variable.path("name").asText(), m.group(1).trim(), m.group(2)));
        }
        return out;
    }

    /**
     * Substitutes Grafana variables the way Grafana does for a single-valued variable: the raw value.
     * Fails on a variable it was not given, so an unknown {@code $x} cannot reach Prometheus unnoticed.
     */
    static String substitute(String expr, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for $" + name + " in: " + expr);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
