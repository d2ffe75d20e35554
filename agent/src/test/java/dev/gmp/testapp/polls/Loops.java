package dev.gmp.testapp.polls;

/**
 * Loops of each shape {@code LoopStripMiningTest} weaves and runs against the unwoven class: counted loops
 * (strip-mined by their index), other loops (strip-mined by a down-counter) and loops that keep a poll on every
 * back-edge. Each method takes {@code (n, a)}, with {@code a.length == n}, and returns a value that depends on
 * every iteration.
 */
public final class Loops {
    private Loops() {}

    /** Strip-mined: bound {@code a.length}. */
    public static long arraySum(int n, int[] a) {
        long s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }

    /** Strip-mined: {@code <=} against a local, starting below zero. */
    public static long inclusive(int n, int[] a) {
        long s = 7;
        for (int i = -3; i <= n; i++) {
            s = s * 31 + i;
        }
        return s;
    }

    /** Strip-mined: a constant bound. */
    public static long constantBound(int n, int[] a) {
        long s = n;
        for (int i = 0; i < 3000; i++) {
            s ^= s << 1 ^ i;
        }
        return s;
    }

    /** Strip-mined: an enhanced for over an array (javac's copy of the array and its length). */
    public static long forEach(int n, int[] a) {
        long s = 0;
        for (int x : a) {
            s = s * 3 + x;
        }
        return s;
    }

    /** Three strip-mined loops, nested. */
    public static long nested(int n, int[] a) {
        int m = Math.min(n, 40);
        long s = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < m; k++) {
                    s += (long) (i ^ j) * k;
                }
            }
        }
        return s;
    }

    /**
     * The outer loop is strip-mined by its index, the while loop in its body by a down-counter: the steps of
     * Euclid's algorithm for each {@code i} and {@code n + 1}.
     */
    public static long whileInside(int n, int[] a) {
        long total = 0;
        for (int i = 1; i <= n; i++) {
            int x = i;
            int y = a.length + 1;
            while (y != 0) {
                int r = x % y;
                x = y;
                y = r;
                total++;
            }
        }
        return total;
    }

    /** Strip-mined, with {@code continue}, {@code break} and a try/catch in the body. */
    public static long branchy(int n, int[] a) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
                continue;
            }
            try {
                s += 100 / (i % 7 - 3);
            } catch (ArithmeticException e) {
                s -= 1;
            }
            if (s > 1_000_000_000L) {
                break;
            }
        }
        return s;
    }

    /** Strip-mined: calls a method of this (polled) class. */
    public static long callsPolled(int n, int[] a) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += twice(i);
        }
        return s;
    }

    private static int twice(int x) {
        return 2 * x;
    }

    /** Strip-mined inside a switch expression, with a value on the operand stack across the loop. */
    public static long onStack(int n, int[] a) {
        return n + switch (n & 1) {
            case 0 -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += i;
                }
                yield s;
            }
            default -> -1L;
        };
    }

    /** Strip-mined counting down: {@code i >= 0} (javac's {@code iflt}). */
    public static long countDown(int n, int[] a) {
        long s = 1;
        for (int i = n - 1; i >= 0; i--) {
            s = s * 31 + a[i];
        }
        return s;
    }

    /** Strip-mined counting down: {@code i > 0} (javac's {@code ifle}). */
    public static long countDownExclusive(int n, int[] a) {
        long s = 0;
        for (int i = n; i > 0; i--) {
            s = s * 3 + i;
        }
        return s;
    }

    /** Strip-mined counting down to a local. */
    public static long downToLocal(int n, int[] a) {
        int lo = n / 3 - 7;
        long s = 5;
        for (int i = n; i >= lo; i--) {
            s ^= s * 7 + i;
        }
        return s;
    }

    /** Strip-mined; {@code i <= Integer.MAX_VALUE} never ends: {@code i} wraps past the top and goes on. */
    public static long upThroughTheTop(int n, int[] a) {
        long s = n;
        for (int i = Integer.MAX_VALUE - n; i <= Integer.MAX_VALUE; i++) {
            s += i;
            if (i == Integer.MIN_VALUE + n) {
                return s;
            }
        }
        return -s;
    }

    /** Strip-mined; {@code i >= Integer.MIN_VALUE} never ends: {@code i} wraps past the bottom and goes on. */
    public static long downThroughTheBottom(int n, int[] a) {
        long s = n;
        for (int i = Integer.MIN_VALUE + n; i >= Integer.MIN_VALUE; i--) {
            s += i;
            if (i == Integer.MAX_VALUE - n) {
                return s;
            }
        }
        return -s;
    }

    /** Down-counting (not counted: the body changes the bound). */
    public static long boundChanges(int n, int[] a) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += i;
            if (i == 1500) {
                n -= 100;
            }
        }
        return s;
    }

    /** Down-counting (not counted: the body changes the index). */
    public static long indexChanges(int n, int[] a) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += i;
            if ((i & 255) == 0) {
                i += 3;
            }
        }
        return s;
    }

    /** Down-counting (not counted: a step of two). */
    public static long stepTwo(int n, int[] a) {
        long s = 0;
        for (int i = 0; i < n; i += 2) {
            s += i;
        }
        return s;
    }

    /** Strip-mined: the body calls {@code Math} (constant time), outside the polled packages. */
    public static long callsMath(int n, int[] a) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(a[i] - 7 * i);
        }
        return s;
    }

    /** Not strip-mined: the body calls outside the polled packages (that call may take any time). */
    public static long callsOutside(int n, int[] a) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += Integer.bitCount(i);
        }
        return s;
    }

    /** Down-counting: a while loop on a {@code long}. */
    public static long whileLong(int n, int[] a) {
        long s = 0;
        long i = 0;
        while (i < n) {
            s = s * 31 + i;
            i++;
        }
        return s;
    }

    /** Down-counting: a do/while, closed by a conditional jump; it runs once even for n = 0. */
    public static long doWhile(int n, int[] a) {
        long s = 0;
        int i = 0;
        do {
            s = s * 7 + i;
            i += 1;
        } while (i < n);
        return s;
    }

    /**
     * A counted loop that breaks out before its chunk ends, in a counted loop (of at most 3,000 iterations): each
     * break polls on the way out.
     */
    public static long breakNest(int n, int[] a) {
        long s = 0;
        int m = Math.min(n, 3000);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < a.length; j++) {
                if (j == 1000) {
                    break;
                }
                s += a[j] ^ i;
            }
        }
        return s;
    }

    /** Down-counting, nested: the inner loop is left by {@code break} and by {@code continue} to the outer one. */
    public static long continueOuter(int n, int[] a) {
        long s = 0;
        long i = 0;
        outer:
        while (i < n) {
            i++;
            long x = i;
            while (true) {
                if (x % 5 == 0) {
                    s += x;
                    continue outer;
                }
                if (x > 3 * i) {
                    break;
                }
                x += 3;
            }
            s -= x;
        }
        return s;
    }

    /** Down-counting: a while loop on {@code i != 0} with a switch and a try/catch in its body. */
    public static long whileSwitchTry(int n, int[] a) {
        long s = 0;
        int i = n;
        while (i != 0) {
            switch (i & 3) {
                case 0 -> s += i;
                case 1 -> s ^= i;
                default -> {
                    try {
                        s += 1000 / (i % 9 - 4);
                    } catch (ArithmeticException e) {
                        s--;
                    }
                }
            }
            i--;
        }
        return s;
    }
}
