package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.internal.sched.WaitReason;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Our goroutine dumps against a real Go 1.19 dump of the same scene (runtime/src/test/go/dump: three goroutines
 * blocked receiving, one sending, one waiting on a WaitGroup, and the dumping main goroutine). Both texts go
 * through the same parser, which accepts only Go's line shapes and accounts for every line.
 */
class DumpFormatTest {
    // ---- A parser of Go's shapes ------------------------------------------------------------------------------

    record G(long goid, String state, long minutes, List<String> functions, String createdBy, long creatorGoid) {}

    static final Pattern HEADER = Pattern.compile("goroutine (\\d+) \\[([^\\],]+)(?:, (\\d+) minutes)?\\]:");
    static final Pattern FUNC = Pattern.compile("(\\S+)\\(.*\\)");
    static final Pattern LOCATION = Pattern.compile("\t\\S+:\\d+(?: \\+0x[0-9a-f]+)?|\t\\(native\\)");
    static final Pattern CREATED = Pattern.compile("created by (\\S+)(?: in goroutine (\\d+))?");

    static List<G> parseDebug2(String text) {
        List<G> out = new ArrayList<>();
        for (String block : text.split("\n\n")) {
            String[] lines = block.split("\n");
            Matcher h = HEADER.matcher(lines[0]);
            assertTrue(h.matches(), "header: " + lines[0]);
            List<String> fns = new ArrayList<>();
            String createdBy = null;
            long creator = 0;
            for (int i = 1; i < lines.length; i += 2) {
                assertTrue(i + 1 < lines.length, "a frame has two lines: " + block);
                assertTrue(LOCATION.matcher(lines[i + 1]).matches(), "location: " + lines[i + 1]);
                Matcher c = CREATED.matcher(lines[i]);
                if (c.matches()) {
                    createdBy = c.group(1);
                    creator = c.group(2) != null ? Long.parseLong(c.group(2)) : 0;
                    assertEquals(lines.length, i + 2, "created by is last: " + block);
                } else {
                    Matcher f = FUNC.matcher(lines[i]);
                    assertTrue(f.matches(), "frame: " + lines[i]);
                    fns.add(f.group(1));
                }
            }
            out.add(new G(Long.parseLong(h.group(1)), h.group(2), h.group(3) != null ? Long.parseLong(h.group(3)) : 0,
                    fns, createdBy, creator));
        }
        return out;
    }

    record Group(int count, int addresses, List<String> functions) {}

    static final Pattern PROFILE = Pattern.compile("goroutine profile: total (\\d+)");
    static final Pattern GROUP = Pattern.compile("(\\d+) @((?: 0x[0-9a-f]+)+)");
    static final Pattern HASH_LINE = Pattern.compile("#\t0x[0-9a-f]+\t+(\\S+)\\+0x[0-9a-f]+\t+(?:\\S+:\\d+|\\(native\\))");

    static List<Group> parseDebug1(String text) {
        String[] lines = text.split("\n", -1);
        Matcher p = PROFILE.matcher(lines[0]);
        assertTrue(p.matches(), lines[0]);
        List<Group> out = new ArrayList<>();
        int i = 1;
        while (i < lines.length && !lines[i].isEmpty()) {
            Matcher g = GROUP.matcher(lines[i]);
            assertTrue(g.matches(), "group: " + lines[i]);
            List<String> fns = new ArrayList<>();
            int fileColumn = -1;
            for (i++; !lines[i].isEmpty(); i++) {
                Matcher m = HASH_LINE.matcher(lines[i]);
                assertTrue(m.matches(), "# line: " + lines[i]);
                fns.add(m.group(1));
                // tabwriter alignment: the file column starts at the same place on every line of the group
                String expanded = expandTabs(lines[i]);
                int col = expanded.lastIndexOf(' ', expanded.length() - 1);
                int start = expanded.indexOf(lastField(lines[i]));
                assertTrue(col >= 0 && (fileColumn < 0 || fileColumn == start), "aligned: " + lines[i]);
                fileColumn = start;
            }
            out.add(new Group(Integer.parseInt(g.group(1)), g.group(2).trim().split(" ").length, fns));
            i++; // the blank line after a group
        }
        assertEquals(Integer.parseInt(p.group(1)), out.stream().mapToInt(Group::count).sum(), "counts add up");
        for (int k = 1; k < out.size(); k++) {
            assertTrue(out.get(k - 1).count() >= out.get(k).count(), "largest group first");
        }
        return out;
    }

    static String lastField(String line) {
        return line.substring(line.lastIndexOf('\t') + 1);
    }

    static String expandTabs(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\t') {
                do {
                    sb.append(' ');
                } while (sb.length() % 8 != 0);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String fixture(String name) throws Exception {
        try (InputStream in = DumpFormatTest.class.getResourceAsStream("/go/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Map<String, Integer> statesOf(List<G> gs) {
        Map<String, Integer> m = new TreeMap<>();
        gs.forEach(g -> m.merge(g.state(), 1, Integer::sum));
        return m;
    }

    // ---- The Go fixture parses (the parser is not vacuous) ------------------------------------------------------

    @Test
    void goFixturesParse() throws Exception {
        List<G> go = parseDebug2(fixture("goroutine-debug2.txt"));
        assertEquals(Map.of("running", 1, "chan receive", 3, "chan send", 1, "semacquire", 1), statesOf(go));
        assertEquals("main.main", go.get(1).createdBy());
        List<Group> groups = parseDebug1(fixture("goroutine-debug1.txt"));
        assertEquals(3, groups.get(0).count());
        assertEquals(List.of("main.receiver"), groups.get(0).functions());
    }

    // ---- Our dump of the same scene ------------------------------------------------------------------------------

    record Blocker(String waitReason) implements WaitReason {}

    static volatile boolean release;

    static void receiver(Blocker b) {
        while (!release) {
            LockSupport.park(b);
        }
    }

    @Test
    void sameSceneSameShape() throws Exception {
        release = false;
        String[] dumps = new String[2];
        try (GmpRuntime rt = GmpRuntime.builder().gomaxprocs(2).build()) {
            rt.run(() -> {
                Blocker recv = new Blocker("chan receive");
                Blocker send = new Blocker("chan send");
                CountDownLatch wg = new CountDownLatch(1);
                for (int i = 0; i < 3; i++) {
                    rt.go(() -> receiver(recv));
                }
                rt.go(() -> receiver(send));
                rt.go(() -> {
                    try {
                        wg.await();
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                });
                try {
                    awaitWaiting(rt, 5);
                    StringBuilder d2 = new StringBuilder();
                    rt.dump(d2, 2);
                    StringBuilder d1 = new StringBuilder();
                    rt.dump(d1, 1);
                    dumps[0] = d1.toString();
                    dumps[1] = d2.toString();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                release = true; // let the blocked goroutines end
                wg.countDown();
                for (GoroutineInfo g : rt.goroutines()) {
                    if (g.state().equals("waiting")) {
                        Thread t = threadOf(g.goid(), rt);
                        if (t != null) {
                            LockSupport.unpark(t);
                        }
                    }
                }
            });
        }
        System.out.println(dumps[1]);
        System.out.println(dumps[0]);

        List<G> ours = parseDebug2(dumps[1]);
        List<G> go = parseDebug2(fixture("goroutine-debug2.txt"));
        assertEquals(go.size(), ours.size(), dumps[1]);
        Map<String, Integer> states = statesOf(ours);
        assertEquals(1, states.get("running"));
        assertEquals(3, states.get("chan receive"));
        assertEquals(1, states.get("chan send"));
        assertEquals(1, states.get("sync.WaitGroup.Wait (CountDownLatch)"), states::toString);
        G main = ours.get(0);
        assertEquals("running", main.state());
        for (G g : ours.subList(1, ours.size())) {
            assertEquals(main.goid(), g.creatorGoid(), "created by ... in goroutine " + main.goid());
            assertTrue(g.createdBy().startsWith("dev.gmp.DumpFormatTest.lambda$sameSceneSameShape$"), g.createdBy());
            assertTrue(g.goid() > main.goid());
        }
        assertTrue(ours.stream().filter(g -> g.state().equals("chan receive"))
                .allMatch(g -> g.functions().get(0).equals("dev.gmp.DumpFormatTest.receiver")),
                "the user's frame comes first, as main.receiver does in Go's dump\n" + dumps[1]);
        assertTrue(ours.stream().noneMatch(g -> g.functions().stream().anyMatch(f -> f.startsWith("java.")
                || f.startsWith("jdk.") || f.startsWith("sun.") || f.startsWith("dev.gmp.internal."))),
                "the JDK's and the runtime's frames are hidden, as Go hides runtime.*\n" + dumps[1]);

        List<Group> groups = parseDebug1(dumps[0]);
        assertEquals(3, groups.get(0).count(), "the three receivers share one stack");
        assertEquals(groups.get(0).functions().size(), groups.get(0).addresses());
        assertEquals(4, groups.size(), dumps[0]);
    }

    private static Thread threadOf(long goid, GmpRuntime rt) {
        return rt.scheduler().registry().snapshot().stream().filter(g -> g.goid() == goid)
                .map(dev.gmp.internal.sched.Goroutine::thread).findFirst().orElse(null);
    }

    private static void awaitWaiting(GmpRuntime rt, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rt.goroutines().stream().filter(g -> g.state().equals("waiting")).count() < n) {
            assertTrue(System.nanoTime() < end, "goroutines did not park");
            Thread.sleep(5);
        }
    }

    // ---- Details Go prints that a short scene cannot show --------------------------------------------------------

    @Test
    void minutesBlockedAndCreatorGoroutine() throws Exception {
        StackTraceElement frame = new StackTraceElement("com.acme.Worker", "run", "Worker.java", 42);
        StackTraceElement site = new StackTraceElement("com.acme.Main", "main", "Main.java", 12);
        GoroutineInfo g = new GoroutineInfo(18, "waiting", "chan receive", Duration.ofMinutes(5).plusSeconds(3).toNanos(),
                1, List.of(site), List.of(frame));
        GoroutineInfo one = new GoroutineInfo(19, "waiting", "sleep", Duration.ofSeconds(61).toNanos(), 0,
                List.of(), List.of(frame));
        StringBuilder sb = new StringBuilder();
        dev.gmp.internal.stats.GoroutineDump.write(List.of(g, one), 2, sb);
        assertEquals("""
                goroutine 18 [chan receive, 5 minutes]:
                com.acme.Worker.run(...)
                \tWorker.java:42
                created by com.acme.Main.main in goroutine 1
                \tMain.java:12

                goroutine 19 [sleep, 1 minutes]:
                com.acme.Worker.run(...)
                \tWorker.java:42
                """, sb.toString());
        List<G> parsed = parseDebug2(sb.toString());
        assertEquals(5, parsed.get(0).minutes());
        assertEquals(1, parsed.get(0).creatorGoid());
    }

    @Test
    void noGoroutinesStillHasTheProfileHeader() throws Exception {
        StringBuilder sb = new StringBuilder();
        dev.gmp.internal.stats.GoroutineDump.write(List.of(), 1, sb);
        assertEquals("goroutine profile: total 0\n", sb.toString());
        assertTrue(parseDebug1(sb.toString()).isEmpty());
    }

    @Test
    void otherLevelsAreRejectedWithTheValidOnes() {
        try (GmpRuntime rt = GmpRuntime.builder().gomaxprocs(1).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rt.dump(new StringBuilder(), 0));
            assertEquals("debug=0: valid values are 1, 2", e.getMessage());
        }
    }
}
