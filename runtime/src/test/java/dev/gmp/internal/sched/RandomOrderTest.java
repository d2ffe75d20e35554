package dev.gmp.internal.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Semantics of golang/go src/runtime/proc_test.go TestRandomOrder-like: every start visits every P once. */
class RandomOrderTest {
    @Test
    void everyEnumerationIsAPermutation() {
        for (int count = 1; count <= 17; count++) {
            RandomOrder o = new RandomOrder(count);
            for (int r = 0; r < 200; r++) {
                Set<Integer> seen = new HashSet<>();
                int pos = o.startPos(r);
                int inc = o.stride(r);
                for (int k = 0; k < count; k++, pos = (pos + inc) % count) {
                    assertTrue(seen.add(pos), "position repeated for count " + count);
                }
                assertEquals(count, seen.size());
            }
        }
    }
}
