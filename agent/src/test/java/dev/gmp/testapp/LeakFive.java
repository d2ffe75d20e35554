package dev.gmp.testapp;

import dev.gmp.Chan;
import dev.gmp.Gmp;
import dev.gmp.Go;
import java.util.concurrent.SynchronousQueue;

/**
 * Five leaks right after a fresh JVM starts, each made the way a request handler makes one: from its own
 * virtual thread, a goroutine ({@code chan}: blocked forever sending on a channel only it knows) or a plain
 * virtual thread ({@code queue}: blocked forever in {@code SynchronousQueue.take} on a queue only it knows).
 * Prints how many were proven within {@code args[1]} ms.
 */
public final class LeakFive {
    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "chan";
        long waitMs = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
        int n = 5;
        for (int i = 0; i < n; i++) {
            Thread handler = Thread.ofVirtual().start(() -> leak(kind));
            handler.join();
        }
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        long proven;
        while ((proven = Gmp.checkLeaks().provenTotal()) < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        System.out.println("proven=" + proven);
        System.out.println("goroutines=" + Go.numGoroutine());
    }

    private static void leak(String kind) {
        if (kind.equals("queue")) {
            SynchronousQueue<Integer> q = new SynchronousQueue<>();
            Thread.ofVirtual().start(() -> {
                try {
                    q.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } else {
            Chan<Integer> c = Chan.make();
            Go.go(() -> c.send(1));
        }
    }
}
