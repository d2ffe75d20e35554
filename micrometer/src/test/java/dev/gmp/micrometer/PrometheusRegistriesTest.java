package dev.gmp.micrometer;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.GmpRuntime;
import dev.gmp.Promtool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The binder in both Prometheus registries of Micrometer: {@code micrometer-registry-prometheus} (prometheus-metrics
 * 1.x, which strips OpenMetrics' reserved suffixes from meter names) and {@code
 * micrometer-registry-prometheus-simpleclient}. Every family registers (Micrometer reports a failed registration to
 * {@code onMeterRegistrationFailed}, and only logs it), renders with the agent's {@code /metrics} names, and passes
 * promtool in text and OpenMetrics format.
 */
class PrometheusRegistriesTest {
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** A registry and its two scrapes. */
    @SuppressWarnings("deprecation") // the simpleclient registry: deprecated, still what older applications run
    enum Prometheus {
        METRICS_1X {
            @Override
            Scrapes create() {
                var r = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
                return new Scrapes(r, r::scrape, () -> r.scrape(OPENMETRICS));
            }
        },
        SIMPLECLIENT {
            @Override
            Scrapes create() {
                var r = new io.micrometer.prometheus.PrometheusMeterRegistry(
                        io.micrometer.prometheus.PrometheusConfig.DEFAULT);
                return new Scrapes(r, r::scrape, () -> r.scrape(OPENMETRICS));
            }
        };

        abstract Scrapes create();
    }

    record Scrapes(MeterRegistry registry, java.util.function.Supplier<String> text,
                   java.util.function.Supplier<String> openMetrics) {
        /** Registration failures, as Micrometer reports them (it only logs them otherwise). */
        List<String> failures() {
            List<String> failed = new CopyOnWriteArrayList<>();
            registry.config().onMeterRegistrationFailed((id, reason) -> failed.add(id + ": " + reason));
            return failed;
        }
    }

    /** The value of the one series of {@code family} with label {@code label}, in either registry's text format. */
    static double value(String text, String family, String label) {
        Matcher m = Pattern.compile("^" + Pattern.quote(family) + "\\{" + Pattern.quote(label) + ",?} (\\S+)$",
                Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), family + "{" + label + "} in\n" + text);
        return Double.parseDouble(m.group(1));
    }

    @ParameterizedTest
    @EnumSource(Prometheus.class)
    void everyFamilyRegistersAndPassesPromtool(Prometheus kind) throws Exception {
        try (GmpRuntime rt = GmpRuntime.builder().name("prom").gomaxprocs(2).build()) {
            rt.scheduler().detections().leakProven("chan send");
            rt.scheduler().detections().suspectedLeaks(Map.of("chan send", 1));
            CountDownLatch done = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                rt.go(done::countDown);
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            Scrapes prom = kind.create();
            List<String> failures = prom.failures();
            new GmpMetrics(rt, Tags.empty()).bindTo(prom.registry());

            String text = prom.text().get();
            assertEquals(List.of(), failures, "no meter failed to register");
            assertEquals(new TreeSet<>(GmpFamilies.TEXT), GmpFamilies.of(text), text);
            assertTrue(text.contains("gmp_info{jdk=\"" + Runtime.version() + "\",version=\""), text);
            assertEquals(1, value(text, "gmp_goroutine_leaks_total", "wait_reason=\"chan send\""));
            assertTrue(value(text, "gmp_p_steals_total", "p=\"1\"") >= 0);
            Promtool.checkMetrics(text);

            String om = prom.openMetrics().get();
            assertTrue(om.contains("gmp_goroutines_started_total "), om);
            assertTrue(om.contains("gmp_info{"), om);
            Promtool.checkOpenMetrics(om);
            if (kind == Prometheus.METRICS_1X) {
                // The simpleclient registry has no info type: its OpenMetrics shows gmp_info as a gauge family
                // (the same series, typed gauge), which the rule forbids and Prometheus ingests all the same.
                Promtool.checkNoReservedSuffix(om);
            }
            assertEquals(List.of(), failures, "no meter failed to register");
        }
    }

    /**
     * A wait reason the detectors report for the first time shows on the very next scrape, with its value: its
     * meters are registered when it is detected, not while a scrape is reading the meters.
     */
    @ParameterizedTest
    @EnumSource(Prometheus.class)
    void aNewWaitReasonAppearsOnTheFirstScrapeAfterIt(Prometheus kind) {
        try (GmpRuntime rt = GmpRuntime.builder().name("reasons").gomaxprocs(1).build()) {
            Scrapes prom = kind.create();
            new GmpMetrics(rt, Tags.empty(), 0).bindTo(prom.registry());
            UnaryOperator<String> series = t -> t.lines().filter(l -> l.contains("wait_reason"))
                    .reduce("", (a, b) -> a + b + "\n");
            assertEquals("", series.apply(prom.text().get()), "no wait reason yet");

            rt.scheduler().detections().leakProven("chan receive");
            String first = prom.text().get();
            assertEquals(1, value(first, "gmp_goroutine_leaks_total", "wait_reason=\"chan receive\""), first);

            rt.scheduler().detections().suspectedLeaks(Map.of("select", 3));
            String second = prom.text().get();
            assertEquals(3, value(second, "gmp_goroutines_suspected_leaked", "wait_reason=\"select\""), second);
            assertEquals(0, value(second, "gmp_goroutine_leaks_total", "wait_reason=\"select\""), second);
            assertEquals(1, value(second, "gmp_goroutine_leaks_total", "wait_reason=\"chan receive\""), second);
        }
    }
}
