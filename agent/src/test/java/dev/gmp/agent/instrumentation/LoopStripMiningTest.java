package dev.gmp.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testapp.polls.Loops;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Strip mining of loops under {@code preempt=} ({@link LoopStripMining}): which loops are strip-mined and how,
 * that every woven method, loaded through the verifier, returns what the original returns for trip counts around
 * the chunk size, and that a strip-mined loop still polls once per chunk (also where its index wraps) and on its
 * way out.
 */
class LoopStripMiningTest {
    @Test
    void countedLoopsByTheirIndexOthersByADownCounterAndLoopsThatCallOutKeepAPollPerIteration() throws Exception {
        byte[] woven = Woven.weave(Loops.class);
        // Each strip-mined loop computes its chunk's limit with Math.min(long, long), or Math.max counting down;
        // the fixture itself never calls either.
        Map<String, Integer> mined = new TreeMap<>(Woven.callsPerMethod(woven, "java/lang/Math", "min", "(JJ)J"));
        Woven.callsPerMethod(woven, "java/lang/Math", "max", "(JJ)J")
                .forEach((m, n) -> mined.merge(m, n, Integer::sum));
        Map<String, Integer> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("arraySum", 1), Map.entry("inclusive", 1), Map.entry("constantBound", 1),
                Map.entry("forEach", 1), Map.entry("nested", 3), Map.entry("whileInside", 1),
                Map.entry("branchy", 1), Map.entry("callsPolled", 1), Map.entry("onStack", 1),
                Map.entry("countDown", 1), Map.entry("countDownExclusive", 1), Map.entry("downToLocal", 1),
                Map.entry("upThroughTheTop", 1), Map.entry("downThroughTheBottom", 1),
                Map.entry("boundChanges", 0), Map.entry("indexChanges", 0), Map.entry("stepTwo", 0),
                Map.entry("callsOutside", 0), Map.entry("twice", 0), Map.entry("<init>", 0),
                Map.entry("whileLong", 0), Map.entry("doWhile", 0), Map.entry("breakNest", 2),
                Map.entry("continueOuter", 0), Map.entry("whileSwitchTry", 0)));
        assertEquals(expected, mined);
        // Poll sites: the entry's; a counted loop's at its chunks' end; a down-counting loop's at its chunks' end
        // and on its way out; one per loop exit (break, continue to an outer loop); callsOutside's on every
        // iteration.
        Map<String, Integer> polls = Woven.pollsPerMethod(woven);
        Map<String, Integer> sites = new TreeMap<>(Map.of("arraySum", 2, "nested", 4, "whileInside", 4,
                "branchy", 3, "stepTwo", 3, "whileLong", 3, "doWhile", 3, "breakNest", 4, "continueOuter", 6,
                "callsOutside", 2));
        polls.keySet().retainAll(sites.keySet());
        assertEquals(sites, polls);
    }

    @Test
    void wovenLoopsComputeWhatTheOriginalsCompute() throws Exception {
        Class<?> c = Woven.load(Loops.class, Woven.weave(Loops.class));
        int checked = 0;
        for (Method original : Loops.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(original.getModifiers())) {
                continue;
            }
            Method rewritten = c.getMethod(original.getName(), int.class, int[].class);
            for (int n : new int[] {0, 1, 2, 1023, 1024, 1025, 2047, 2048, 2049, 5000}) {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = i * 2654435 + 17;
                }
                assertEquals(original.invoke(null, n, a), rewritten.invoke(null, n, a), original.getName() + " n=" + n);
                checked++;
            }
        }
        assertEquals(23 * 10, checked);
    }

    @Test
    void aStripMinedLoopPollsOncePerChunkAndWhereItsIndexWraps() throws Exception {
        Class<?> c = Woven.load(Loops.class, Woven.countingPolls(Woven.weave(Loops.class)));
        int n = 5000;
        int[] a = new int[n];
        // An entry poll, then one per chunk: 1024 + 1024 + 1024 + 1024 + 904 iterations.
        assertEquals(1 + 5, polls(c, "arraySum", n, a));
        assertEquals(1 + 5, polls(c, "countDown", n, a));
        // 5,002 iterations through Integer.MAX_VALUE and on past the wrap: still a poll at least every chunk
        // (an inner test of i <= lim would never end there: every int is <= MAX_VALUE).
        assertTrue(polls(c, "upThroughTheTop", n, a) >= 1 + 5002 / 1024, "polls while wrapping upwards");
        assertTrue(polls(c, "downThroughTheBottom", n, a) >= 1 + 5002 / 1024, "polls while wrapping downwards");
    }

    @Test
    void aDownCountingLoopPollsOncePerChunkAndOnItsWayOut() throws Exception {
        Class<?> c = Woven.load(Loops.class, Woven.countingPolls(Woven.weave(Loops.class)));
        int[] none = new int[0];
        // Entry, four full chunks, then the loop's test leaves it after 904 more iterations.
        assertEquals(1 + 4 + 1, polls(c, "whileLong", 5000, none));
        // Entry and four full chunks; the test then leaves with no iteration since the last poll.
        assertEquals(1 + 4, polls(c, "whileLong", 4096, none));
        assertEquals(1, polls(c, "whileLong", 0, none), "a loop that runs zero times");
        // 4,999 jumps back, so four chunks, then it falls out of the loop.
        assertEquals(1 + 4 + 1, polls(c, "doWhile", 5000, none));
    }

    @Test
    void aLoopLeftEarlyPollsOnItsWayOutSoNestsStayBounded() throws Exception {
        Class<?> c = Woven.load(Loops.class, Woven.countingPolls(Woven.weave(Loops.class)));
        int n = 5000;
        // The inner loop breaks after 1,000 iterations, inside its first chunk. Without a poll on the way out
        // the outer loop's chunks would run 1,024 x 1,000 iterations between polls: entry, five outer chunks,
        // one poll per break.
        assertEquals(1 + 5 + n, polls(c, "breakNest", n, new int[n]));
    }

    private static long polls(Class<?> c, String method, int n, int[] a) throws Exception {
        long before = PollCount.polls;
        c.getMethod(method, int.class, int[].class).invoke(null, n, a);
        return PollCount.polls - before;
    }
}
