package dev.gmp.testapp;

import dev.gmp.Chan;
import dev.gmp.Gmp;
import dev.gmp.Go;

/**
 * Two goroutines from one go statement, each blocked forever sending on a channel only it knows, in a fresh JVM:
 * their first channel operation is the runtime's first, so without the runtime's class preload they would load
 * its classes themselves. With {@code app-class}, the first goroutine also loads an application class for the
 * first time (the documented limit under any class-file transformer, docs/leaks.md). Prints what was proven.
 */
public final class LeakPair {
    /** Loaded by the first goroutine that touches it, not before. */
    static final class FirstUse {
        static int touch() {
            return 1;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean appClass = args.length > 0 && args[0].equals("app-class");
        long waitMs = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
        leak(appClass);
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        long proven;
        while ((proven = Gmp.checkLeaks().provenTotal()) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        System.out.println("proven=" + proven);
        System.out.println("goroutines=" + Go.numGoroutine());
    }

    private static void leak(boolean appClass) {
        for (int i = 0; i < 2; i++) {
            Chan<Integer> c = Chan.make();
            boolean load = appClass && i == 0;
            Go.go(() -> c.send(load ? FirstUse.touch() : 0));
        }
    }
}
