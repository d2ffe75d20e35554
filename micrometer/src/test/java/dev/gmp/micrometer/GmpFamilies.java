package dev.gmp.micrometer;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The binder's families on a Prometheus page: the agent's {@code /metrics} names (docs/observability.md). */
public final class GmpFamilies {
    private GmpFamilies() {}

    /**
     * Every family as {@code name type} in text format 0.0.4. The two {@code wait_reason} families exist from the
     * first wait reason the leak detectors report (Micrometer has no family without a meter).
     */
    public static final Set<String> TEXT = Set.of("gmp_info gauge", "gmp_gomaxprocs gauge", "gmp_goroutines gauge",
            "gmp_goroutines_started_total counter", "gmp_goroutine_panics_total counter",
            "gmp_p_runqueue_depth gauge", "gmp_global_runqueue_depth gauge", "gmp_p_steals_total counter",
            "gmp_p_stolen_goroutines_total counter", "gmp_p_runqueue_overflows_total counter",
            "gmp_threads gauge", "gmp_threads_started_total counter", "gmp_threads_limit gauge",
            "gmp_syscalls_total counter", "gmp_syscall_handoffs_total counter", "gmp_preemptions_total counter",
            "gmp_sched_latency_seconds summary", "gmp_goroutine_leaks_total counter",
            "gmp_goroutines_suspected_leaked gauge", "gmp_deadlocks_total counter");

    /** The {@code gmp_} families of a text-format page, as {@code name type}. */
    public static Set<String> of(String page) {
        Set<String> families = new TreeSet<>();
        Matcher m = Pattern.compile("^# TYPE (gmp_\\S+) (\\S+)$", Pattern.MULTILINE).matcher(page);
        while (m.find()) {
            families.add(m.group(1) + " " + m.group(2));
        }
        return families;
    }
}
