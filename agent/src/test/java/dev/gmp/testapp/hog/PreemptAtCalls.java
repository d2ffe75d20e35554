package dev.gmp.testapp.hog;

import dev.gmp.Chan;
import dev.gmp.Gmp;
import dev.gmp.Go;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Semantics of golang/go src/runtime/proc_test.go TestPreemption: goroutines are preempted at function calls.
 * Two goroutines take turns through an atomic; each spins, calling a function, until it is its turn, N times
 * each. At GOMAXPROCS 1 every turn needs the spinning goroutine preempted, at the poll that {@code preempt=}
 * puts at {@link #preempt}'s entry (Go's function prologue check); cooperatively the first spinner holds the
 * only P forever. Prints the turns taken and the preemptions counted.
 */
public final class PreemptAtCalls {
    static volatile int sink;

    /** proc_test.go preempt: a call that is not inlined away, summing a 128-int array. */
    static int preempt() {
        int[] a = new int[128];
        int sum = 0;
        for (int v : a) {
            sum += v;
        }
        return sum;
    }

    public static void main(String[] args) {
        final int n = 5; // Go: N = 5 (short: 2)
        AtomicInteger turns = new AtomicInteger();
        Go.run(() -> {
            Chan<Boolean> c = Chan.make();
            AtomicInteger x = new AtomicInteger();
            for (int g = 0; g < 2; g++) {
                final int me = g;
                Go.go(() -> {
                    for (int i = 0; i < n; i++) {
                        while (x.get() != me) {
                            sink = preempt();
                        }
                        x.set(1 - me);
                        turns.incrementAndGet();
                    }
                    c.send(true);
                });
            }
            c.recv();
            c.recv();
        });
        System.out.println("turns=" + turns.get());
        System.out.println("preemptions=" + Gmp.stats().preemptions());
    }
}
