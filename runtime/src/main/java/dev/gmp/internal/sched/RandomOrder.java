package dev.gmp.internal.sched;

import java.util.ArrayList;
import java.util.List;

/**
 * The random order in which a thief visits Ps (proc.go {@code randomOrder}, {@code randomEnum}).
 *
 * <p>Go's trick: visiting positions {@code pos, pos+inc, pos+2inc, ...} mod count, with {@code inc} coprime to
 * {@code count}, enumerates every P exactly once; a random start and a random coprime stride give a cheap random
 * permutation with no allocation per search. Immutable; replaced when GOMAXPROCS changes.
 */
final class RandomOrder {
    final int count;
    private final int[] coprimes;

    RandomOrder(int count) {
        this.count = count;
        List<Integer> c = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (gcd(i, count) == 1) {
                c.add(i);
            }
        }
        coprimes = c.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Start position for random value {@code r} (non-negative). */
    int startPos(int r) {
        return r % count;
    }

    /** Stride for random value {@code r} (non-negative). */
    int stride(int r) {
        return coprimes[(r / count) % coprimes.length];
    }
}
