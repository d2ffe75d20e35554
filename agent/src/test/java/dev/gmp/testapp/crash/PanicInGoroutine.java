package dev.gmp.testapp.crash;

import dev.gmp.GoPanic;
import dev.gmp.Go;
import java.time.Duration;

/** {@code go func() { panic("boom") }()}, then main sleeps. */
public final class PanicInGoroutine {
    private PanicInGoroutine() {}

    public static void main(String[] args) {
        Go.run(() -> {
            Go.go(() -> {
                throw new GoPanic("boom");
            });
            Go.sleep(Duration.ofSeconds(30));
        });
    }
}
