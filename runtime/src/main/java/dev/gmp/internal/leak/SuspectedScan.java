package dev.gmp.internal.leak;

import dev.gmp.SuspectedLeak;
import dev.gmp.internal.sched.GStatus;
import dev.gmp.internal.sched.Goroutine;
import dev.gmp.internal.sched.GoroutineRegistry;
import dev.gmp.internal.sched.WaitReasons;
import dev.gmp.internal.stats.GoroutineSnapshots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Suspected leaks: goroutines blocked longer than the threshold, grouped by creation site and wait reason, with
 * the growth signal (the same site keeps adding blocked goroutines, scan after scan: the seed's "ever-growing
 * waits"). Go has no counterpart; this is what an operator does by diffing {@code debug=1} goroutine profiles.
 *
 * <p>Owner: the leak detector's thread (or a check request holding its lock); not thread-safe.
 */
final class SuspectedScan {
    private static final int GOIDS_SHOWN = 10;

    private record Key(StackTraceElement site, String waitReason) {}

    private static final class Group {
        final List<Goroutine> members = new ArrayList<>();
        long oldestSince = Long.MAX_VALUE;
    }

    private record History(int count, int rising) {}

    private final GoroutineRegistry registry;
    private Map<Key, History> history = new HashMap<>();

    SuspectedScan(GoroutineRegistry registry) {
        this.registry = registry;
    }

    /** One scan; returns the groups, largest first, and the count by wait reason for the gauge. */
    List<SuspectedLeak> scan(long now, long thresholdNanos, Map<String, Integer> byReasonOut) {
        List<Goroutine> blocked = new ArrayList<>();
        registry.forEach(g -> {
            if (g.status() == GStatus.WAITING && !g.isSystem()) { // the JDK's own waits are never leaks
                long since = g.waitSince();
                if (since != 0 && now - since >= thresholdNanos) {
                    blocked.add(g);
                }
            }
        });
        Map<Key, Group> groups = new HashMap<>();
        for (Goroutine g : blocked) {
            long since = g.waitSince();
            StackTraceElement[] site = g.createdBy();
            Key k = new Key(site.length > 0 ? site[0] : null, reasonOf(g, since));
            Group grp = groups.computeIfAbsent(k, x -> new Group());
            grp.members.add(g);
            grp.oldestSince = Math.min(grp.oldestSince, since);
        }
        Map<Key, History> next = new HashMap<>();
        List<SuspectedLeak> out = new ArrayList<>(groups.size());
        for (Map.Entry<Key, Group> e : groups.entrySet()) {
            Key k = e.getKey();
            Group grp = e.getValue();
            int count = grp.members.size();
            History h = history.getOrDefault(k, new History(0, 0));
            int rising = count > h.count ? h.rising + 1 : 0;
            next.put(k, new History(count, rising));
            grp.members.sort(Comparator.comparingLong(Goroutine::goid));
            List<Long> goids = new ArrayList<>();
            for (int i = 0; i < Math.min(GOIDS_SHOWN, count); i++) {
                goids.add(grp.members.get(i).goid());
            }
            Goroutine first = grp.members.get(0);
            out.add(new SuspectedLeak(Arrays.asList(first.createdBy()), k.waitReason, count,
                    Math.max(0, now - grp.oldestSince), count - h.count, rising,
                    rising >= SuspectedLeak.GROWTH_SCANS, goids, stackOf(first)));
            byReasonOut.merge(k.waitReason, count, Integer::sum);
        }
        history = next;
        out.sort(Comparator.comparingInt(SuspectedLeak::count).reversed()
                .thenComparing(SuspectedLeak::waitReason));
        return out;
    }

    /** The sampled reason of this wait if there is one, else the one read at park, else the live one. */
    private static String reasonOf(Goroutine g, long since) {
        String sampled = g.lastWaitReason();
        if (sampled != null && g.stackSampledFor() == since) {
            return sampled;
        }
        String atPark = g.parkReason();
        if (!atPark.isEmpty()) {
            return atPark;
        }
        String live = WaitReasons.of(g);
        return live.isEmpty() ? "park" : live;
    }

    private static List<StackTraceElement> stackOf(Goroutine g) {
        StackTraceElement[] s = g.lastStack();
        if (s != null && g.stackSampledFor() == g.waitSince()) {
            return Arrays.asList(s);
        }
        Thread t = g.thread();
        return t == null ? List.of() : GoroutineSnapshots.visibleFrames(t.getStackTrace());
    }

}
