package dev.gmp.micrometer;

import dev.gmp.GmpRuntime;
import dev.gmp.GmpStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.Supplier;

/**
 * A Micrometer {@link MeterBinder} for the GMP scheduler, for applications with their own {@link MeterRegistry}
 * (Spring Boot Actuator, for example): {@code new GmpMetrics().bindTo(registry)}.
 *
 * <p>Dotted names, state in tags, a base unit where the name ends with it (Micrometer's Prometheus convention
 * appends units that are not already the name's suffix), rendered by Micrometer's Prometheus naming convention as the
 * names of the agent's {@code /metrics} ({@code gmp.p.steals{p}} becomes {@code gmp_p_steals_total{p}}). No name
 * holds a suffix OpenMetrics reserves ({@code _created}, {@code _total}, {@code _count}, {@code _sum},
 * {@code _bucket}, {@code _info}) except as that suffix itself: the prometheus-metrics 1.x registry strips them
 * from a meter's name, and {@code gmp.goroutines.created} became {@code gmp_goroutines}, the gauge's name, and
 * failed to register. {@code gmp.info} is rendered by that registry as an info metric, by the simpleclient one as a
 * gauge: {@code gmp_info} in text format either way (docs/observability.md). Every meter is a
 * {@link Gauge}, {@link FunctionCounter} or {@link FunctionTimer} that reads the runtime's stats view at publish
 * time; nothing is counted here. The meters of one publication share one snapshot ({@link StatsSnapshots}).
 *
 * <p>Per-P meters (tag {@code p}) follow GOMAXPROCS: whenever a fresh snapshot shows a different set of active
 * Ps, meters for new Ps are registered and those of retired Ps removed (they show from the next publication).
 * Meters tagged {@code wait_reason} are registered when the leak detectors report a reason for the first time,
 * before it is counted (Detections.onNewWaitReason): a new reason appears on the first scrape after the detection.
 * Registering them from a publication instead would show them one scrape late, as a scrape lists its meters before
 * it reads them.
 *
 * <p>Without a GMP runtime in this JVM (no agent and no opened {@code java.lang}, so
 * {@link GmpRuntime#getDefault()} fails), {@link #bindTo} binds nothing and logs one line: an application must run
 * the same with and without the agent.
 *
 * <p>{@code gmp.sched.latency} is a {@link FunctionTimer} (count and total): Micrometer has no meter that takes
 * externally kept histogram buckets. The agent's own {@code /metrics} endpoint exports the full
 * {@code gmp_sched_latency_seconds} histogram.
 */
public final class GmpMetrics implements MeterBinder {
    private static final System.Logger LOG = System.getLogger(GmpMetrics.class.getName());

    private final Supplier<GmpRuntime> source;
    private final Iterable<Tag> tags;
    private final long maxAgeNanos;
    private GmpRuntime runtime; // resolved by the first bindTo; guarded by this
    private boolean reported;   // the no-runtime line was logged; guarded by this

    /** Binds the process default runtime, the agent's; nothing when this JVM has none (see the class doc). */
    public GmpMetrics() {
        this(Tags.empty());
    }

    /** Binds the process default runtime with {@code tags} on every meter; nothing when this JVM has none. */
    public GmpMetrics(Iterable<Tag> tags) {
        this(GmpRuntime::getDefault, tags, TimeUnit.MILLISECONDS.toNanos(100));
    }

    public GmpMetrics(GmpRuntime runtime, Iterable<Tag> tags) {
        this(() -> runtime, tags, TimeUnit.MILLISECONDS.toNanos(100));
    }

    /** @param maxAgeNanos how long one stats snapshot serves the meters (one publication) */
    GmpMetrics(GmpRuntime runtime, Iterable<Tag> tags, long maxAgeNanos) {
        this(() -> runtime, tags, maxAgeNanos);
    }

    GmpMetrics(Supplier<GmpRuntime> source, Iterable<Tag> tags, long maxAgeNanos) {
        this.source = source;
        this.tags = Tags.of(tags);
        this.maxAgeNanos = maxAgeNanos;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        GmpRuntime rt = runtime();
        if (rt != null) {
            new Binding(registry, rt).bind();
        }
    }

    /** The runtime to bind, or null (logged once) when this JVM cannot have one. Never throws. */
    private synchronized GmpRuntime runtime() {
        if (runtime == null && !reported) {
            try {
                runtime = source.get();
            } catch (RuntimeException | LinkageError e) {
                reported = true;
                LOG.log(System.Logger.Level.INFO, "gmp: no GMP runtime in this JVM, gmp metrics not bound ("
                        + e.getMessage() + ")");
            }
        }
        return runtime;
    }

    /**
     * The meters bound to one registry, and the dynamic (per-P, per-wait-reason) ones it keeps in step.
     *
     * <p>Reachability: Micrometer holds a meter's state object weakly and its function strongly. The state object
     * is the runtime (alive as long as it is), and the functions capture {@link #stats}, which captures this
     * binding: so the binding lives exactly as long as its meters, even when the application drops the binder
     * after {@code bindTo} (the usual {@code new GmpMetrics().bindTo(registry)}). The runtime's wait-reason
     * listener holds it too, for as long as the runtime lives.
     */
    private final class Binding {
        private final MeterRegistry registry;
        private final GmpRuntime runtime;
        private final StatsSnapshots stats;
        private final Map<Integer, List<Meter>> perP = new HashMap<>();   // guarded by this
        private final Set<String> waitReasons = new HashSet<>();          // guarded by this

        Binding(MeterRegistry registry, GmpRuntime runtime) {
            this.registry = registry;
            this.runtime = runtime;
            this.stats = new StatsSnapshots(runtime::stats, maxAgeNanos, this::reconcile);
        }

        void bind() {
            gauge("gmp.info", "GMP runtime version and JDK (value 1)", null, s -> 1,
                    Tags.of("version", GmpRuntime.version(), "jdk", Runtime.version().toString()));
            gauge("gmp.gomaxprocs", "GOMAXPROCS: the number of Ps", null, GmpStats::gomaxprocs, Tags.empty());
            gauge("gmp.goroutines", "Live goroutines by Go state", "goroutines", s -> s.goroutines().running(),
                    Tags.of("state", "running"));
            gauge("gmp.goroutines", "Live goroutines by Go state", "goroutines", s -> s.goroutines().runnable(),
                    Tags.of("state", "runnable"));
            gauge("gmp.goroutines", "Live goroutines by Go state", "goroutines", s -> s.goroutines().syscall(),
                    Tags.of("state", "syscall"));
            gauge("gmp.goroutines", "Live goroutines by Go state", "goroutines", s -> s.goroutines().waiting(),
                    Tags.of("state", "waiting"));
            counter("gmp.goroutines.started", "Goroutines created since start", null,
                    s -> s.goroutines().created(), Tags.empty());
            counter("gmp.goroutine.panics", "Goroutines ended by an uncaught exception (Go: panic)", "panics",
                    GmpStats::panics, Tags.empty());
            gauge("gmp.global.runqueue.depth", "Goroutines on the global run queue", null,
                    GmpStats::globalRunqueue, Tags.empty());
            gauge("gmp.threads", "Ms (carrier threads) by state", "threads", s -> s.threads().running(),
                    Tags.of("state", "running"));
            gauge("gmp.threads", "Ms (carrier threads) by state", "threads", s -> s.threads().spinning(),
                    Tags.of("state", "spinning"));
            gauge("gmp.threads", "Ms (carrier threads) by state", "threads", s -> s.threads().idle(),
                    Tags.of("state", "idle"));
            gauge("gmp.threads", "Ms (carrier threads) by state", "threads", s -> s.threads().syscall(),
                    Tags.of("state", "syscall"));
            counter("gmp.threads.started", "Ms created since start", null, s -> s.threads().created(),
                    Tags.empty());
            gauge("gmp.threads.limit", "maxThreads: Ms beyond it are fatal", null, s -> s.threads().limit(),
                    Tags.empty());
            counter("gmp.syscalls", "System calls entered (entersyscall)", "syscalls", GmpStats::syscalls,
                    Tags.empty());
            counter("gmp.syscall.handoffs", "Ps handed off from Ms blocked in syscalls", "handoffs",
                    GmpStats::handoffsSysmon, Tags.of("cause", "sysmon"));
            counter("gmp.syscall.handoffs", "Ps handed off from Ms blocked in syscalls", "handoffs",
                    GmpStats::handoffsBlock, Tags.of("cause", "block"));
            counter("gmp.preemptions", "Goroutines preempted after running too long", "preemptions",
                    GmpStats::preemptions, Tags.empty());
            counter("gmp.deadlocks", "Times every goroutine was found asleep", "deadlocks", GmpStats::deadlocks,
                    Tags.empty());
            FunctionTimer.builder("gmp.sched.latency", runtime,
                            rt -> stats.get().schedLatency().count(),
                            rt -> stats.get().schedLatency().sumSeconds(), TimeUnit.SECONDS)
                    .description("Scheduling latency, runnable to running (sampled 1 in 32 transitions)")
                    .tags(tags).register(registry);
            runtime.scheduler().detections().onNewWaitReason(this::waitReasonSeen);
            stats.get(); // the first snapshot registers the per-P meters and the reasons seen so far (reconcile)
        }

        /** Registers per-P and per-wait-reason meters to match {@code s}; removes those of retired Ps. */
        synchronized void reconcile(GmpStats s) {
            Set<Integer> active = new HashSet<>();
            for (GmpStats.ProcessorStats p : s.processors()) {
                if (p.active()) {
                    active.add(p.id());
                }
            }
            for (Integer id : new ArrayList<>(perP.keySet())) {
                if (!active.contains(id)) {
                    perP.remove(id).forEach(registry::remove);
                }
            }
            for (Integer id : active) {
                if (!perP.containsKey(id)) {
                    perP.put(id, perProcessor(id));
                }
            }
            // Reasons detected before this binding's listener was added: the listener is told of new ones only.
            s.goroutineLeaks().keySet().forEach(this::waitReasonSeen);
            s.suspectedLeaks().keySet().forEach(this::waitReasonSeen);
        }

        /**
         * Registers both wait-reason meters of {@code reason} (a reason may show first as suspected, then proven):
         * called by the detectors before they count it, so both read 0 until then.
         */
        synchronized void waitReasonSeen(String reason) {
            if (waitReasons.add(reason)) {
                counter("gmp.goroutine.leaks", "Proven goroutine leaks: collected while waiting", "leaks",
                        st -> st.goroutineLeaks().getOrDefault(reason, 0L), Tags.of("wait_reason", reason));
                gauge("gmp.goroutines.suspected.leaked", "Goroutines blocked longer than the leak threshold",
                        null, st -> st.suspectedLeaks().getOrDefault(reason, 0), Tags.of("wait_reason", reason));
            }
        }

        private List<Meter> perProcessor(int id) {
            Tags p = Tags.of("p", Integer.toString(id));
            return List.of(
                    gauge("gmp.p.runqueue.depth", "Goroutines in a P's local run queue, runnext included",
                            null, s -> processor(s, id, ps -> ps.runqueue() + (ps.runnext() ? 1 : 0)), p),
                    counter("gmp.p.steals", "Successful steals by a P", "steals",
                            s -> processor(s, id, GmpStats.ProcessorStats::steals), p),
                    counter("gmp.p.stolen.goroutines", "Goroutines a P took by stealing", "goroutines",
                            s -> processor(s, id, GmpStats.ProcessorStats::stolenGoroutines), p),
                    counter("gmp.p.runqueue.overflows", "Local run queue overflows to the global queue (runqputslow)",
                            "overflows", s -> processor(s, id, GmpStats.ProcessorStats::overflows), p));
        }

        private static double processor(GmpStats s, int id, ToDoubleFunction<GmpStats.ProcessorStats> f) {
            List<GmpStats.ProcessorStats> ps = s.processors();
            GmpStats.ProcessorStats p = id < ps.size() ? ps.get(id) : null;
            if (p == null || p.id() != id) {
                for (GmpStats.ProcessorStats q : ps) {
                    if (q.id() == id) {
                        p = q;
                    }
                }
            }
            return p != null && p.active() ? f.applyAsDouble(p) : Double.NaN;
        }

        private Meter gauge(String name, String help, String unit, ToDoubleFunction<GmpStats> f, Tags extra) {
            return Gauge.builder(name, runtime, rt -> f.applyAsDouble(stats.get())).description(help).baseUnit(unit)
                    .tags(tags).tags(extra).register(registry);
        }

        private Meter counter(String name, String help, String unit, ToDoubleFunction<GmpStats> f, Tags extra) {
            return FunctionCounter.builder(name, runtime, rt -> f.applyAsDouble(stats.get())).description(help)
                    .baseUnit(unit).tags(tags).tags(extra).register(registry);
        }
    }
}
