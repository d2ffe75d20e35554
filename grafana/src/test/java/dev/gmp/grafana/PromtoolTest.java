package dev.gmp.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped Prometheus config and alert rules, checked by Prometheus' own promtool. */
class PromtoolTest {

    private static final Path PROMETHEUS_DIR = Dashboards.moduleDir().resolve("prometheus");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static Processes.Result promtool(Path dir, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = Processes.tool("gmp.promtool", "promtool");
        System.arraycopy(args, 0, command, 1, args.length);
        return Processes.run(dir, TIMEOUT, command);
    }

    @Test
    void checkConfig() throws Exception {
        Processes.Result r = promtool(PROMETHEUS_DIR, "check", "config", "prometheus.yml");
        assertEquals(0, r.exitCode(), r.describe());
        // check config also checks the rule files it wires in: prove they were found.
        assertTrue(r.output().contains("gmp-alerts.yml"), "rule file not checked:\n" + r.output());
    }

    @Test
    void checkRules() throws Exception {
        Processes.Result r = promtool(PROMETHEUS_DIR, "check", "rules", "gmp-alerts.yml");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.output().contains("SUCCESS: " + AlertRules.names().size() + " rules found"), r.output());
    }

    @Test
    void unitTestsPass() throws Exception {
        Processes.Result r = promtool(PROMETHEUS_DIR, "test", "rules", "gmp-alerts.test.yml");
        assertEquals(0, r.exitCode(), r.describe());
    }

    /**
     * The unit tests have teeth: for every rule, a copy that always fires and a copy that never fires
     * each make {@code promtool test rules} fail.
     */
    static Stream<Arguments> mutants() {
        List<Arguments> out = new ArrayList<>();
        for (String alert : AlertRules.names()) {
            out.add(Arguments.of(alert, "always fires", "vector(1)"));
            out.add(Arguments.of(alert, "never fires", "vector(1) < 0"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("mutants")
    void unitTestsCatchABrokenRule(String alert, String what, String expr, @TempDir Path dir) throws Exception {
        ObjectNode rules = (ObjectNode) Yaml.read(PROMETHEUS_DIR.resolve("gmp-alerts.yml"));
        int replaced = 0;
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.path("alert").asText().equals(alert)) {
                    ((ObjectNode) rule).put("expr", expr);
                    replaced++;
                }
            }
        }
        assertEquals(1, replaced);
        Yaml.write(dir.resolve("gmp-alerts.yml"), rules);
        Files.copy(PROMETHEUS_DIR.resolve("gmp-alerts.test.yml"), dir.resolve("gmp-alerts.test.yml"));
        Processes.Result r = promtool(dir, "test", "rules", "gmp-alerts.test.yml");
        assertNotEquals(0, r.exitCode(), alert + " " + what + " and promtool test rules still passed:\n" + r.output());
        assertTrue(r.output().contains("alertname: " + alert), "failure is not about " + alert + ":\n" + r.output());
    }
}
