package dev.gmp.grafana;

import java.util.List;
import java.util.Set;

/**
 * The Prometheus metric names of docs/observability.md ("names are API: dashboards and alerts depend on them").
 *
 * <p>Copied here by hand on purpose: a rename in the exporter must fail these tests until the dashboards
 * and alert rules follow, rather than silently emptying panels.
 */
final class MetricContract {

    /** Every exposed family, in the order of docs/observability.md. */
    static final List<String> FAMILIES = List.of(
            "gmp_gomaxprocs",
            "gmp_goroutines",
            "gmp_goroutines_started_total",
            "gmp_goroutine_panics_total",
            "gmp_p_runqueue_depth",
            "gmp_global_runqueue_depth",
            "gmp_p_steals_total",
            "gmp_p_stolen_goroutines_total",
            "gmp_p_runqueue_overflows_total",
            "gmp_threads",
            "gmp_threads_started_total",
            "gmp_threads_limit",
            "gmp_syscalls_total",
            "gmp_syscall_handoffs_total",
            "gmp_preemptions_total",
            "gmp_sched_latency_seconds",
            "gmp_goroutine_leaks_total",
            "gmp_goroutines_suspected_leaked",
            "gmp_deadlocks_total",
            "gmp_info");

    /** Families that are histograms: queried only through their _bucket, _sum and _count series. */
    static final Set<String> HISTOGRAMS = Set.of("gmp_sched_latency_seconds");

    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_sum", "_count");

    private MetricContract() {}

    /** The family a queryable series name belongs to, or null if the name is outside the contract. */
    static String familyOf(String seriesName) {
        for (String h : HISTOGRAMS) {
            for (String suffix : HISTOGRAM_SUFFIXES) {
                if (seriesName.equals(h + suffix)) {
                    return h;
                }
            }
        }
        return FAMILIES.contains(seriesName) && !HISTOGRAMS.contains(seriesName) ? seriesName : null;
    }
}
