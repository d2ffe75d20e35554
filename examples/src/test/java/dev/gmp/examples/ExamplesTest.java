package dev.gmp.examples;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.GmpStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each example, bounded, asserting the behaviour it demonstrates (not just that it printed). */
class ExamplesTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String run(String... args) throws Exception {
        assertEquals(0, Main.run(args, out, out));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tenThousandOverflowsAndSteals() throws Exception {
        GmpStats before = Gmp.stats();
        run("ten-thousand");
        GmpStats after = Gmp.stats();
        assertTrue(after.goroutines().created() - before.goroutines().created() >= 10_000);
        assertTrue(after.runqueueOverflows() > before.runqueueOverflows(), "the 256-slot ring overflowed");
        if (after.gomaxprocs() > 1) {
            assertTrue(after.steals() > before.steals(), "idle Ps stole");
        }
    }

    @Test
    void stealingMovesWorkOffTheSpawningP() throws Exception {
        GmpStats before = Gmp.stats();
        String text = run("stealing");
        GmpStats after = Gmp.stats();
        if (after.gomaxprocs() > 1) {
            assertTrue(after.stolenGoroutines() > before.stolenGoroutines(), text);
        }
    }

    @Test
    void syscallHandsOffThePAndReusesMs() throws Exception {
        GmpStats before = Gmp.stats();
        String text = run("syscall");
        GmpStats after = Gmp.stats();
        assertTrue(after.handoffsSysmon() > before.handoffsSysmon(), "sysmon retook Ps: " + text);
        assertTrue(after.threads().created() > before.threads().created() || before.threads().created() >= 5,
                "threads were added for the blocked readers");
        assertTrue(text.contains("(idle Ms are reused)"), text);
        String[] parts = text.replaceAll("(?s).*threads after round 1: (\\d+), after round 2: (\\d+).*", "$1 $2")
                .split(" ");
        assertEquals(parts[0], parts[1], "round 2 created no new Ms");
    }

    @Test
    void panicIsCounted() throws Exception {
        long before = Gmp.stats().panics();
        run("panic");
        assertEquals(before + 1, Gmp.stats().panics());
    }

    @Test
    void listAndUnknownName() throws Exception {
        String list = run("list");
        for (Example e : Main.EXAMPLES) {
            assertTrue(list.contains(e.name()), list);
        }
        bytes.reset();
        assertEquals(2, Main.run(new String[] {"no-such-example"}, out, out));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("unknown example: no-such-example\n"), text);
        assertTrue(text.contains("stealing"), "the list follows");
    }
}
