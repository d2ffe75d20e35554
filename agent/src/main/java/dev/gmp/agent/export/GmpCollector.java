package dev.gmp.agent.export;

import dev.gmp.GmpStats;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The metrics of docs/observability.md as a Prometheus simpleclient {@link Collector}: a thin adapter that takes ONE stats
 * snapshot per scrape ({@code GmpRuntime.stats()}, O(P + M), no lock, no goroutine walk) and renames its fields.
 * Nothing is counted here. Per-P families cover the active Ps only, so they follow GOMAXPROCS.
 */
public final class GmpCollector extends Collector {
    private final Supplier<GmpStats> stats;
    private final String version;
    private final String jdk;

    public GmpCollector(Supplier<GmpStats> stats, String version, String jdk) {
        this.stats = stats;
        this.version = version;
        this.jdk = jdk;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        GmpStats s = stats.get();
        List<MetricFamilySamples> out = new ArrayList<>(24);
        // An info metric (OpenMetrics family gmp, sample gmp_info; a gmp_info gauge in text format 0.0.4), as
        // Micrometer's prometheus-metrics registry renders the binder's gmp.info: the same series in both.
        out.add(new MetricFamilySamples("gmp", Type.INFO, "GMP runtime version and the JDK it runs on (value 1).",
                List.of(new MetricFamilySamples.Sample("gmp_info", List.of("version", "jdk"),
                        List.of(version, jdk), 1))));
        out.add(new GaugeMetricFamily("gmp_gomaxprocs", "GOMAXPROCS: the number of Ps.", s.gomaxprocs()));

        GmpStats.GoroutineStats g = s.goroutines();
        GaugeMetricFamily goroutines = new GaugeMetricFamily("gmp_goroutines",
                "Live goroutines by Go state.", List.of("state"));
        goroutines.addMetric(List.of("running"), g.running());
        goroutines.addMetric(List.of("runnable"), g.runnable());
        goroutines.addMetric(List.of("syscall"), g.syscall());
        goroutines.addMetric(List.of("waiting"), g.waiting());
        out.add(goroutines);
        out.add(new CounterMetricFamily("gmp_goroutines_started_total", "Goroutines created since start.",
                g.created()));
        out.add(new CounterMetricFamily("gmp_goroutine_panics_total",
                "Goroutines ended by an uncaught exception (Go: panic).", s.panics()));

        GaugeMetricFamily depth = new GaugeMetricFamily("gmp_p_runqueue_depth",
                "Goroutines in a P's local run queue, runnext included.", List.of("p"));
        CounterMetricFamily steals = new CounterMetricFamily("gmp_p_steals_total",
                "Successful steals by a P from other Ps' run queues.", List.of("p"));
        CounterMetricFamily stolen = new CounterMetricFamily("gmp_p_stolen_goroutines_total",
                "Goroutines a P took by stealing.", List.of("p"));
        CounterMetricFamily overflows = new CounterMetricFamily("gmp_p_runqueue_overflows_total",
                "Times a P's full local run queue moved half of itself to the global queue (runqputslow).",
                List.of("p"));
        for (GmpStats.ProcessorStats p : s.processors()) {
            if (!p.active()) {
                continue;
            }
            List<String> label = List.of(Integer.toString(p.id()));
            depth.addMetric(label, p.runqueue() + (p.runnext() ? 1 : 0));
            steals.addMetric(label, p.steals());
            stolen.addMetric(label, p.stolenGoroutines());
            overflows.addMetric(label, p.overflows());
        }
        out.add(depth);
        out.add(steals);
        out.add(stolen);
        out.add(overflows);
        out.add(new GaugeMetricFamily("gmp_global_runqueue_depth", "Goroutines on the global run queue.",
                s.globalRunqueue()));

        GmpStats.ThreadStats t = s.threads();
        GaugeMetricFamily threads = new GaugeMetricFamily("gmp_threads", "Ms (carrier threads) by state.",
                List.of("state"));
        threads.addMetric(List.of("running"), t.running());
        threads.addMetric(List.of("spinning"), t.spinning());
        threads.addMetric(List.of("idle"), t.idle());
        threads.addMetric(List.of("syscall"), t.syscall());
        out.add(threads);
        out.add(new CounterMetricFamily("gmp_threads_started_total", "Ms created since start.", t.created()));
        out.add(new GaugeMetricFamily("gmp_threads_limit",
                "maxThreads: Ms beyond it are fatal (thread exhaustion).", t.limit()));

        out.add(new CounterMetricFamily("gmp_syscalls_total", "System calls entered (entersyscall).",
                s.syscalls()));
        CounterMetricFamily handoffs = new CounterMetricFamily("gmp_syscall_handoffs_total",
                "Ps handed off from Ms blocked in syscalls, by cause.", List.of("cause"));
        handoffs.addMetric(List.of("sysmon"), s.handoffsSysmon());
        handoffs.addMetric(List.of("block"), s.handoffsBlock());
        out.add(handoffs);
        out.add(new CounterMetricFamily("gmp_preemptions_total",
                "Goroutines preempted after running too long.", s.preemptions()));

        out.add(latency(s.schedLatency()));

        CounterMetricFamily leaks = new CounterMetricFamily("gmp_goroutine_leaks_total",
                "Proven goroutine leaks: collected while waiting, by wait reason.", List.of("wait_reason"));
        for (Map.Entry<String, Long> e : s.goroutineLeaks().entrySet()) {
            leaks.addMetric(List.of(e.getKey()), e.getValue());
        }
        out.add(leaks);
        GaugeMetricFamily suspected = new GaugeMetricFamily("gmp_goroutines_suspected_leaked",
                "Goroutines blocked longer than the leak threshold, by wait reason.", List.of("wait_reason"));
        for (Map.Entry<String, Integer> e : s.suspectedLeaks().entrySet()) {
            suspected.addMetric(List.of(e.getKey()), e.getValue());
        }
        out.add(suspected);
        out.add(new CounterMetricFamily("gmp_deadlocks_total",
                "Times every goroutine was found asleep (all goroutines are asleep - deadlock!).", s.deadlocks()));
        return out;
    }

    /** The latency histogram with cumulative buckets; +Inf, _count and _sum as Prometheus requires. */
    private static MetricFamilySamples latency(GmpStats.LatencyStats l) {
        String name = "gmp_sched_latency_seconds";
        double[] bounds = l.upperBoundsSeconds();
        long[] counts = l.counts();
        List<MetricFamilySamples.Sample> samples = new ArrayList<>(bounds.length + 2);
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts[i];
            samples.add(new MetricFamilySamples.Sample(name + "_bucket", List.of("le"),
                    List.of(doubleToGoString(bounds[i])), cumulative));
        }
        samples.add(new MetricFamilySamples.Sample(name + "_count", List.of(), List.of(), cumulative));
        samples.add(new MetricFamilySamples.Sample(name + "_sum", List.of(), List.of(), l.sumSeconds()));
        return new MetricFamilySamples(name, Type.HISTOGRAM,
                "Scheduling latency, runnable to running (sampled 1 in 32 transitions per goroutine).", samples);
    }
}
