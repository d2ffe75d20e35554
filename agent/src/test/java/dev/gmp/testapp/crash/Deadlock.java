package dev.gmp.testapp.crash;

import dev.gmp.Chan;
import dev.gmp.Go;

/** Go's smallest deadlock: {@code c := make(chan int); c <- 1} in main. */
public final class Deadlock {
    private Deadlock() {}

    public static void main(String[] args) {
        Go.run(() -> {
            Chan<Integer> c = Chan.make();
            c.send(1);
        });
    }
}
