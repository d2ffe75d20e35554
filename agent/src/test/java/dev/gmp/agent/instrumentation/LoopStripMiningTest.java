package dev.gmp.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testapp.polls.Loops;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.Opcodes;
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
                Map.entry("callsMath", 1), Map.entry("callsOutside", 0), Map.entry("twice", 0), Map.entry("<init>", 0),
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
    void aChunkIsAboutTheSameNumberOfInstructionsWhateverTheBody() throws Exception {
        assertEquals(LoopStripMining.MAX_CHUNK, LoopStripMining.chunkFor(1));
        assertEquals(8192, LoopStripMining.chunkFor(8));
        assertEquals(1024, LoopStripMining.chunkFor(64));
        assertEquals(512, LoopStripMining.chunkFor(65));
        assertEquals(1, LoopStripMining.chunkFor(100_000));
        // The nest's outer loops run the inner loops' instructions too: their chunks are no larger.
        List<Integer> nested = Woven.chunks(Loops.class).get("nested");
        assertEquals(3, nested.size());
        assertTrue(nested.get(0) <= nested.get(1) && nested.get(1) <= nested.get(2)
                && nested.get(0) < nested.get(2), nested.toString());
    }

    @Test
    void wovenLoopsComputeWhatTheOriginalsCompute() throws Exception {
        Class<?> c = Woven.load(Loops.class, Woven.weave(Loops.class));
        // Trip counts around one and two chunks of each chunk size the fixture's loops have.
        Set<Integer> trips = new TreeSet<>(List.of(0, 1, 2));
        for (List<Integer> chunks : Woven.chunks(Loops.class).values()) {
            for (int k : chunks) {
                trips.addAll(List.of(k - 1, k, k + 1, 2 * k - 1, 2 * k, 2 * k + 1));
            }
        }
        int checked = 0;
        for (Method original : Loops.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(original.getModifiers())) {
                continue;
            }
            Method rewritten = c.getMethod(original.getName(), int.class, int[].class);
            for (int n : trips) {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = i * 2654435 + 17;
                }
                assertEquals(original.invoke(null, n, a), rewritten.invoke(null, n, a), original.getName() + " n=" + n);
                checked++;
            }
        }
        assertTrue(trips.size() > 6, trips.toString());
        assertEquals(24 * trips.size(), checked);
    }

    @Test
    void aStripMinedLoopPollsOncePerChunkAndWhereItsIndexWraps() throws Exception {
        Class<?> c = Woven.load(Loops.class, Woven.countingPolls(Woven.weave(Loops.class)));
        Map<String, List<Integer>> chunks = Woven.chunks(Loops.class);
        // An entry poll, then one per chunk: four full chunks and 904 iterations.
        for (String m : List.of("arraySum", "countDown")) {
            int n = 4 * chunks.get(m).get(0) + 904;
            assertEquals(1 + 5, polls(c, m, n, new int[n]), m);
        }
        // Through Integer.MAX_VALUE and on past the wrap, four chunks' worth: still a poll at least every chunk
        // (an inner test of i <= lim would never end there: every int is <= MAX_VALUE).
        for (String m : List.of("upThroughTheTop", "downThroughTheBottom")) {
            int k = chunks.get(m).get(0);
            assertTrue(polls(c, m, 2 * k, new int[0]) >= 1 + 4, m + " polls while wrapping");
        }
    }

    @Test
    void aDownCountingLoopPollsOncePerChunkAndOnItsWayOut() throws Exception {
        Class<?> c = Woven.load(Loops.class, Woven.countingPolls(Woven.weave(Loops.class)));
        Map<String, List<Integer>> chunks = Woven.chunks(Loops.class);
        int[] none = new int[0];
        int k = chunks.get("whileLong").get(0);
        // Entry, four full chunks, then the loop's test leaves it after 904 more iterations.
        assertEquals(1 + 4 + 1, polls(c, "whileLong", 4 * k + 904, none));
        // Entry and four full chunks; the test then leaves with no iteration since the last poll.
        assertEquals(1 + 4, polls(c, "whileLong", 4 * k, none));
        assertEquals(1, polls(c, "whileLong", 0, none), "a loop that runs zero times");
        // 4k + 903 jumps back, so four chunks, then it falls out of the loop.
        assertEquals(1 + 4 + 1, polls(c, "doWhile", 4 * chunks.get("doWhile").get(0) + 904, none));
    }

    @Test
    void aLoopLeftEarlyPollsOnItsWayOutSoNestsStayBounded() throws Exception {
        Class<?> c = Woven.load(Loops.class, Woven.countingPolls(Woven.weave(Loops.class)));
        int outer = Woven.chunks(Loops.class).get("breakNest").get(0);
        int n = 5000;
        // 3,000 outer iterations, each running the inner loop until it breaks after 1,000, inside its first chunk.
        // Without a poll on the way out, the outer loop's chunks would run 1,000 times as many iterations between
        // polls: entry, the outer loop's chunks, one poll per break.
        assertEquals(1 + (3000 + outer - 1) / outer + 3000, polls(c, "breakNest", n, new int[n]));
    }

    @Test
    void aMethodTooLongOnceStripMinedPollsOnEveryBackEdgeInstead() throws Exception {
        // 3,000 loops of 12 bytes each: 36 KB of code, 45 KB with a poll on every back-edge, but strip mining
        // adds some 30 bytes a loop and would pass the 64 KiB a method may have.
        String name = Woven.PACKAGE + "LongMethod";
        int loops = 3000;
        byte[] original = Woven.generate(name, Opcodes.V17, "spin", mv -> {
            for (int k = 0; k < loops; k++) { // int i = n; while (i > 0) i--;
                Label head = new Label();
                Label out = new Label();
                mv.visitVarInsn(Opcodes.ILOAD, 0);
                mv.visitVarInsn(Opcodes.ISTORE, 1);
                mv.visitLabel(head);
                mv.visitVarInsn(Opcodes.ILOAD, 1);
                mv.visitJumpInsn(Opcodes.IFLE, out);
                mv.visitIincInsn(1, -1);
                mv.visitJumpInsn(Opcodes.GOTO, head);
                mv.visitLabel(out);
            }
            mv.visitVarInsn(Opcodes.ILOAD, 1);
            mv.visitInsn(Opcodes.IRETURN);
        });
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        byte[] woven = Woven.weave(name, original, log);
        assertTrue(log.toString().contains("could not strip-mine the loops of dev.gmp.testapp.polls.LongMethod"),
                log.toString());
        assertEquals(1 + loops, Woven.pollsPerMethod(woven).get("spin"));
        assertEquals(1 + loops * 5, Woven.pollsOfCall(woven, name, "spin", 5, 0), "the entry's, then each iteration's");
    }

    private static long polls(Class<?> c, String method, int n, int[] a) throws Exception {
        long before = PollCount.polls;
        c.getMethod(method, int.class, int[].class).invoke(null, n, a);
        return PollCount.polls - before;
    }
}
