package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.GmpRuntime;
import dev.gmp.agent.config.AgentOption;
import dev.gmp.agent.export.GmpCollector;
import io.prometheus.client.Collector;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The user-facing names are API: the README and the area docs must list exactly what the code
 * has. Fails when an option, a metric family or a JFR event is added or renamed without its doc row.
 */
class DocsInStepTest {

    private static String read(String file) throws Exception {
        Path p = Path.of(System.getProperty("user.dir")).resolveSibling(file);
        if (!Files.exists(p)) {
            p = Path.of(file);
        }
        return Files.readString(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/agent.md"})
    void everyAgentOptionHasItsRow(String file) throws Exception {
        String md = read(file);
        for (AgentOption o : AgentOption.values()) {
            String row = "| `" + o.key() + "` | " + o.defaultValue() + " | `" + o.example() + "` |";
            assertTrue(md.contains(row), file + " lacks the row:\n" + row);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/observability.md"})
    void everyExportedMetricFamilyIsDocumented(String file) throws Exception {
        String md = read(file);
        try (GmpRuntime rt = GmpRuntime.builder().gomaxprocs(1).build()) {
            for (Collector.MetricFamilySamples f : new GmpCollector(rt::stats, "v", "jdk").collect()) {
                String name = switch (f.type) {
                    case COUNTER -> f.name + "_total";
                    case INFO -> f.name + "_info";
                    default -> f.name;
                };
                assertTrue(md.contains("| `" + name + "` |"), file + " lacks a table row for `" + name + "`");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/observability.md"})
    void everyJfrEventOfGmpJfcIsDocumented(String file) throws Exception {
        String md = read(file);
        String jfc;
        try (InputStream in = GmpRuntime.class.getResourceAsStream("/gmp.jfc")) {
            jfc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("<event name=\"(dev\\.gmp\\.[A-Za-z]+)\">").matcher(jfc);
        int n = 0;
        while (m.find()) {
            n++;
            assertTrue(md.contains("| `" + m.group(1) + "` |"), file + " lacks a table row for " + m.group(1));
        }
        assertTrue(n >= 9, "gmp.jfc lists every dev.gmp event");
    }

    /** docs/performance.md is scripts/performance.tmpl.md with each {@code @@bench/results/FILE@@} line replaced. */
    @Test
    void performancePageShowsTheResultsFiles() throws Exception {
        Matcher m = Pattern.compile("(?m)^@@(bench/results/[^@]+)@@$").matcher(read("scripts/performance.tmpl.md"));
        StringBuilder expected = new StringBuilder();
        int includes = 0;
        while (m.find()) {
            includes++;
            m.appendReplacement(expected, Matcher.quoteReplacement(read(m.group(1)).stripTrailing()));
        }
        m.appendTail(expected);
        assertTrue(includes > 0, "the template includes a results file");
        assertEquals(expected.toString(), read("docs/performance.md"),
                "docs/performance.md is stale: run python3 scripts/performance.py");
    }
}
