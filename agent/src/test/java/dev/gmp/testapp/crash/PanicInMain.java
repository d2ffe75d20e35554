package dev.gmp.testapp.crash;

import dev.gmp.Go;

/** An exception thrown by the main goroutine itself. */
public final class PanicInMain {
    private PanicInMain() {}

    public static void main(String[] args) {
        Go.run(() -> {
            throw new IllegalStateException("boom");
        });
    }
}
