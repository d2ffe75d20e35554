package dev.gmp.internal.jdk;

import dev.gmp.Go;

/**
 * Run in a JVM without {@code --add-opens} (or without continuations): the runtime must fail with the one-line
 * fix; before that, asking a plain virtual thread for its goroutine link must answer null, quietly.
 */
public final class NoOpensMain {
    private NoOpensMain() {}

    public static void main(String[] args) throws InterruptedException {
        Thread.ofVirtual().start(() -> {
            if (JdkInternals.linkOf(Thread.currentThread()) != null) {
                System.out.println("a goroutine link where no runtime can run");
            }
        }).join();
        Go.run(() -> System.out.println("should not get here"));
    }
}
