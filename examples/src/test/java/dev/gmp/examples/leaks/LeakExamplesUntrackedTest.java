package dev.gmp.examples.leaks;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gmp.Gmp;
import dev.gmp.Go;
import dev.gmp.examples.Narrator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The seed's three leak causes and its two fixes, in a JVM where leaks can be proven
 * ({@code -Djdk.trackAllThreads=false}): the blocked channel is proven leaked, the endless loop is preempted and
 * is no leak, the growing waits are suspected with growth, and both fixes leave nothing behind.
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeakExamplesUntrackedTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Narrator out = new Narrator(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @BeforeEach
    void untracked() {
        assumeTrue("false".equals(System.getProperty("jdk.trackAllThreads")), "needs -Djdk.trackAllThreads=false");
    }

    private static long leaks() {
        return Gmp.checkLeaks().provenTotal();
    }

    @Test
    @Order(1)
    void blockedChannelIsProvenLeaked() throws Exception {
        long before = leaks();
        String figure = new BlockedChannelLeak().run(out);
        assertEquals("proven leaks +3", figure, bytes.toString(StandardCharsets.UTF_8));
        assertEquals(before + 3, Gmp.leaks().provenTotal());
        assertTrue(Gmp.stats().goroutineLeaks().getOrDefault("chan send", 0L) >= 3, Gmp.stats().goroutineLeaks().toString());
        var p = Gmp.leaks().proven().get(Gmp.leaks().proven().size() - 1);
        assertEquals("chan send", p.waitReason());
        assertTrue(p.traceback().contains("created by dev.gmp.examples.leaks.BlockedChannelLeak.search"),
                p.traceback());
    }

    @Test
    @Order(2)
    void doneChannelFixLeavesNothing() throws Exception {
        long before = leaks();
        int goroutines = Go.numGoroutine();
        assertEquals("proven leaks +0", new DoneChannelFix().run(out));
        assertEquals(before, leaks());
        assertEquals(goroutines, Go.numGoroutine());
    }

    @Test
    @Order(3)
    void contextTimeoutFixLeavesNothing() throws Exception {
        long before = leaks();
        int goroutines = Go.numGoroutine();
        assertEquals("proven leaks +0", new ContextTimeoutFix().run(out));
        assertEquals(before, leaks());
        assertEquals(goroutines, Go.numGoroutine());
    }

    @Test
    @Order(4)
    void endlessLoopIsPreemptedAndIsNoLeak() throws Exception {
        String figure = new EndlessLoop().run(out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(figure.matches("preemptions \\+[1-9]\\d*, leaks \\+0"), figure + "\n" + text);
        assertTrue(text.contains("was running when looked at") || text.contains("was runnable when looked at"), text);
        assertTrue(text.contains("suspected 0"), text);
    }

    @Test
    @Order(5)
    void growingWaitsAreSuspectedWithGrowth() throws Exception {
        String figure = new GrowingWaits().run(out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(figure.matches("suspected \\d+ at handle, growing"), figure + "\n" + text);
        assertTrue(text.contains(" GROWING: +"), text);
        assertTrue(text.contains("goroutine leaks: proven 0, suspected "), "reachable waits are never proven\n" + text);
    }
}
