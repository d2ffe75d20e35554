package dev.gmp.micrometer;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.GmpRuntime;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GmpMetricsTest {
    static Set<String> ps(SimpleMeterRegistry r, String name) {
        return r.find(name).meters().stream().map(m -> m.getId().getTag("p")).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void metersReadTheStatsViewAndPerPMetersFollowGomaxprocs() throws Exception {
        try (GmpRuntime rt = GmpRuntime.builder().name("micrometer").gomaxprocs(2).maxThreads(300).build()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new GmpMetrics(rt, Tags.of("app", "test"), 0).bindTo(registry);

            assertEquals(2, registry.get("gmp.gomaxprocs").tag("app", "test").gauge().value());
            assertEquals(300, registry.get("gmp.threads.limit").gauge().value());
            assertEquals(Set.of("0", "1"), ps(registry, "gmp.p.steals"));
            assertEquals(Set.of("0", "1"), ps(registry, "gmp.p.runqueue.depth"));

            int n = 500;
            CountDownLatch done = new CountDownLatch(n);
            rt.go(() -> {
                for (int i = 0; i < n; i++) {
                    rt.go(done::countDown);
                }
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertTrue(registry.get("gmp.goroutines.started").functionCounter().count() >= n + 1);
            assertEquals(rt.stats().goroutines().created(),
                    (long) registry.get("gmp.goroutines.started").functionCounter().count(), 0);
            double steals = registry.find("gmp.p.steals").functionCounters().stream()
                    .mapToDouble(FunctionCounter::count).sum();
            assertEquals(rt.stats().steals(), steals, 0, "per-P counters sum to the view's total");

            rt.gomaxprocs(4);
            registry.get("gmp.gomaxprocs").gauge().value(); // the next publication sees GOMAXPROCS=4 ...
            assertEquals(Set.of("0", "1", "2", "3"), ps(registry, "gmp.p.steals")); // ... and its Ps
            assertEquals(Set.of("0", "1", "2", "3"), ps(registry, "gmp.p.runqueue.overflows"));
            rt.gomaxprocs(1);
            assertEquals(1, registry.get("gmp.gomaxprocs").gauge().value());
            assertEquals(Set.of("0"), ps(registry, "gmp.p.stolen.goroutines"));

            rt.scheduler().detections().leakProven("chan receive");
            rt.scheduler().detections().leakProven("chan receive");
            rt.scheduler().detections().suspectedLeaks(Map.of("select", 3));
            registry.get("gmp.gomaxprocs").gauge().value();
            assertEquals(2, registry.get("gmp.goroutine.leaks").tag("wait_reason", "chan receive").functionCounter().count());
            assertEquals(3, registry.get("gmp.goroutines.suspected.leaked").tag("wait_reason", "select").gauge().value());
            assertEquals(0, registry.get("gmp.deadlocks").functionCounter().count());
        }
    }

    /** Micrometer holds meter state weakly: the usual bindTo-and-forget must survive garbage collection. */
    @Test
    void metersSurviveGcAfterTheBinderIsDropped() throws Exception {
        try (GmpRuntime rt = GmpRuntime.builder().gomaxprocs(2).build()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new GmpMetrics(rt, Tags.empty(), 0).bindTo(registry);
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertEquals(2, registry.get("gmp.gomaxprocs").gauge().value());
            assertEquals(rt.stats().goroutines().created(),
                    registry.get("gmp.goroutines.started").functionCounter().count());
            assertFalse(Double.isNaN(registry.get("gmp.sched.latency").functionTimer().count()));
            rt.gomaxprocs(3);
            registry.get("gmp.gomaxprocs").gauge().value();
            assertEquals(Set.of("0", "1", "2"), ps(registry, "gmp.p.steals"), "per-P reconciliation still bound");
        }
    }

    @Test
    void oneSnapshotServesAPublication() {
        try (GmpRuntime rt = GmpRuntime.builder().gomaxprocs(1).build()) {
            int[] taken = {0};
            StatsSnapshots s = new StatsSnapshots(() -> {
                taken[0]++;
                return rt.stats();
            }, TimeUnit.SECONDS.toNanos(60), null);
            for (int i = 0; i < 50; i++) {
                s.get();
            }
            assertEquals(1, taken[0]);
        }
    }
}
