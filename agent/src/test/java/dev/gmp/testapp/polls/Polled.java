package dev.gmp.testapp.polls;

/** Methods of each shape {@code PreemptionPollsTest} weaves: straight-line code, loops, calls. */
public final class Polled {
    private Polled() {}

    /** Straight-line code (no calls, no loops): no poll at all. */
    static int leaf(int x) {
        return x < 0 ? -x : x * 3 + 1;
    }

    /** A leaf with one loop: a poll at entry and one at the back-edge. */
    static long leafLoop(int[] a) {
        long s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }

    /** Recursion: an entry poll, no loop. */
    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    /** A loop that calls: an entry poll and a back-edge poll. */
    static int callsInLoop(int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += leaf(i);
        }
        return s;
    }

    /** A lambda is an invokedynamic: a call. */
    static Runnable lambda() {
        return () -> { };
    }
}
