package dev.gmp.internal.jdk;

import dev.gmp.Go;

/** Run in a JVM without {@code --add-opens}: the runtime must fail with the one-line fix. */
public final class NoOpensMain {
    private NoOpensMain() {}

    public static void main(String[] args) {
        Go.run(() -> System.out.println("should not get here"));
    }
}
