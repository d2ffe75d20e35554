package dev.gmp.bench.costs.kernels;

import java.util.function.BooleanSupplier;

/**
 * Loop-heavy kernels for {@code dev.gmp.bench.costs.PreemptPolls}: the only classes the agent's {@code preempt=}
 * option covers in that benchmark (this package), so polls land here and nowhere in JMH's generated code: at each
 * kernel's entry and in its loops (once per chunk of iterations sized by the loop's body, 8,192 in {@code sum} and
 * 1,024 to 2,048 in {@code matmul}: by the index in the counted loops of {@code sum}, the hashes, {@code matmul} and
 * Collatz's outer loop, by a down-counter in Collatz's inner {@code while} and the list walk; and on the way out of
 * a {@code while}), and none in {@code mix}, which is straight-line code. Each kernel returns its result so that
 * nothing is dead code.
 */
public final class Kernels {
    private Kernels() {}

    /** A plain array sum: the loop the JIT unrolls and vectorizes when nothing stops it. */
    public static long sum(int[] a) {
        long s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }

    /** A loop-carried dependency (no vectorizing): a hash over the array. */
    public static int hash(int[] a) {
        int h = 1;
        for (int i = 0; i < a.length; i++) {
            h = 31 * h + (a[i] ^ (h >>> 7));
        }
        return h;
    }

    /**
     * The hash of {@link #hash} with its step in a small helper, as application code is written: the JIT inlines
     * {@link #mix}, which neither calls nor loops and so has no poll to add to the loop's.
     */
    public static int hashWithHelper(int[] a) {
        int h = 1;
        for (int i = 0; i < a.length; i++) {
            h = mix(h, a[i]);
        }
        return h;
    }

    private static int mix(int h, int x) {
        return 31 * h + (x ^ (h >>> 7));
    }

    /** Collatz chain lengths for 1..n: a data-dependent while loop inside a for loop. */
    public static long collatz(int n) {
        long total = 0;
        for (int i = 1; i <= n; i++) {
            long x = i;
            while (x != 1) {
                x = (x & 1) == 0 ? x >>> 1 : 3 * x + 1;
                total++;
            }
        }
        return total;
    }

    /** A singly linked list's node. */
    public static final class Node {
        final int value;
        final Node next;

        public Node(int value, Node next) {
            this.value = value;
            this.next = next;
        }
    }

    /** The sum along a linked list: a loop with no index at all, the commonest {@code while} loop. */
    public static long listSum(Node head) {
        long s = 0;
        for (Node n = head; n != null; n = n.next) {
            s += n.value;
        }
        return s;
    }

    /** c = a * b for n x n matrices: three nested loops. */
    public static double matmul(double[] a, double[] b, double[] c, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i * n + k] * b[k * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c[n + 1];
    }

    /** Naive recursive Fibonacci: method entries rather than loops. */
    public static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    /**
     * Spins computing until {@code done} says so or {@code limitNanos} pass; returns whether it was released.
     * With polls, a goroutine spinning here is preempted; without, at GOMAXPROCS=1 nothing else runs.
     */
    public static boolean spinUntil(BooleanSupplier done, long limitNanos) {
        long deadline = System.nanoTime() + limitNanos;
        long sink = 0;
        while (!done.getAsBoolean()) {
            sink += collatz(50);
            if (System.nanoTime() > deadline) {
                return false;
            }
        }
        return sink >= 0;
    }
}
