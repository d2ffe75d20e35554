package dev.gmp.internal.chan;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.GmpRuntime;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariants of select under races, checked on the channel internals:
 * <ul>
 *   <li>exactly one case wins per select, even when a send and a close race to wake the same select
 *       (T1 sends on c2 and wins selectDone; T2 closes c1 and must skip that select's sudog);</li>
 *   <li>every losing sudog is dequeued: when all selects are done, no wait queue holds anything.</li>
 * </ul>
 */
@Timeout(60)
class SelectStressTest {
    private static final int ROUNDS = 300, SELECTS = 16, SENDS = 10;

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void sendAndCloseRaceToWakeSelects(int procs) {
        try (GmpRuntime rt = GmpRuntime.builder().name("selstress").gomaxprocs(procs).onFatal(m -> { }).build()) {
            rt.run(() -> {
                for (int round = 0; round < ROUNDS; round++) {
                    Hchan c1 = new Hchan(0), c2 = new Hchan(round % 2); // unbuffered and buffered c2
                    Hchan out = new Hchan(SELECTS);
                    AtomicInteger closedWins = new AtomicInteger();
                    for (int i = 0; i < SELECTS; i++) {
                        rt.go(() -> {
                            Hchan[] chans = {c1, c2, c1}; // c1 twice: duplicate channel in one select
                            boolean[] send = {false, false, false};
                            Object[] elem = new Object[3];
                            int k = SelectGo.select(chans, send, elem, 3, true, new int[6]);
                            if (k == 1) {
                                out.send(elem[1], true);
                            } else {
                                assertSame(Hchan.CLOSED, elem[k]);
                                closedWins.incrementAndGet();
                                out.send(-1, true);
                            }
                        });
                    }
                    rt.go(() -> {
                        for (int v = 0; v < SENDS; v++) {
                            c2.send(v, true);
                        }
                        c1.close();
                    });
                    BitSet seen = new BitSet();
                    for (int i = 0; i < SELECTS; i++) {
                        int v = (Integer) out.recv(true);
                        if (v >= 0) {
                            assertFalse(seen.get(v), "value " + v + " received twice");
                            seen.set(v);
                        }
                    }
                    // With a buffered c2 the last value can still sit in its buffer when every remaining select
                    // sees c1 closed too and, choosing uniformly among ready cases as Go does, takes the close.
                    // That value is not lost: it is still in the channel.
                    int received = seen.cardinality();
                    while (c2.len() > 0) {
                        int v = (Integer) c2.recv(true);
                        assertFalse(seen.get(v), "value " + v + " received twice");
                        seen.set(v);
                    }
                    assertEquals(SENDS, seen.cardinality(), "lost or extra values");
                    assertEquals(SELECTS - received, closedWins.get());
                    for (Hchan c : new Hchan[] {c1, c2}) {
                        c.lock();
                        try {
                            assertTrue(c.recvq.isEmpty(), "a losing select's sudog was left in recvq");
                            assertTrue(c.sendq.isEmpty(), "sendq not empty");
                        } finally {
                            c.unlock();
                        }
                    }
                    assertEquals(0, c2.len());
                }
            });
        }
    }
}
