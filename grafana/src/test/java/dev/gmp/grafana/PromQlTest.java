package dev.gmp.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromQlTest {

    private static List<String> metrics(String expr) {
        return PromQl.selectors(expr).stream().map(PromQl.Selector::metric).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "sum by (state) (gmp_goroutines{job=~\"$job\",instance=~\"$instance\"})              | gmp_goroutines",
        "histogram_quantile(0.99, sum by (le) (rate(gmp_sched_latency_seconds_bucket{a=\"b\"}[$__rate_interval]))) | gmp_sched_latency_seconds_bucket",
        "rate(x_total[5m]) / on (instance) group_left (version, jdk) gmp_info                | x_total gmp_info",
        "up                                                                                   | up",
        "go_goroutines{job=\"gmp_goroutines\", le='gmp_threads'}                              | go_goroutines",
        "deriv(sum(gmp_goroutines{j=\"x\"})[30m:]) * 60                                       | gmp_goroutines",
        "a offset 10m unless b offset 1h30m                                                   | a b",
        "sum without (p) (a) > bool 1.1e-09 and ON(instance) b                                | a b",
        "1.1 * sum(a) - 0x1f                                                                   | a",
        "count_values(\"v\", a) or topk(3, b) or quantile(0.5, c)                               | a b c",
        "min_over_time(deriv(sum by (job, instance) (a)[10m:1m])[30m:1m]) > 0                  | a",
        "a @ start() + b # comment naming c                                                  | a b",
        "sum by (wait_reason) (a_total > 0 unless a_total offset 10m)                          | a_total a_total",
        "rule:gmp_goroutines:sum                                                              | rule:gmp_goroutines:sum",
    })
    void findsMetricNamesAndOnlyThem(String expr, String expected) {
        assertEquals(List.of(expected.trim().split(" ")), metrics(expr.trim()));
    }

    @Test
    void keepsMatcherTextOfEachSelector() {
        List<PromQl.Selector> s = PromQl.selectors("a{job=~\"$job\",instance=~\"$instance\"} / b");
        assertEquals(List.of(new PromQl.Selector("a", "job=~\"$job\",instance=~\"$instance\""), new PromQl.Selector("b", "")), s);
    }

    @Test
    void nameOnlyInMatchersIsReportedWithoutName() {
        assertEquals(List.of(new PromQl.Selector("", "__name__=\"foo\"")), PromQl.selectors("{__name__=\"foo\"}"));
    }

    @Test
    void rejectsUnbalancedBrackets() {
        assertThrows(IllegalArgumentException.class, () -> PromQl.selectors("sum(rate(a[5m])"));
        assertThrows(IllegalArgumentException.class, () -> PromQl.selectors("a{job=\"x\""));
    }

    @Test
    void contractAcceptsHistogramSeriesButNotTheBareHistogramName() {
        assertEquals("gmp_sched_latency_seconds", MetricContract.familyOf("gmp_sched_latency_seconds_bucket"));
        assertEquals("gmp_sched_latency_seconds", MetricContract.familyOf("gmp_sched_latency_seconds_count"));
        assertEquals(null, MetricContract.familyOf("gmp_sched_latency_seconds"));
        assertEquals(null, MetricContract.familyOf("gmp_goroutines_bucket"));
        assertEquals("gmp_threads", MetricContract.familyOf("gmp_threads"));
        assertEquals(null, MetricContract.familyOf("gmp_thread"));
    }
}
