package dev.gmp.bench.server;

/** The smallest virtual-thread program, for {@link ServerBench}'s startup time: one virtual thread, joined. */
public final class Startup {
    private Startup() {}

    public static void main(String[] args) throws InterruptedException {
        Thread.ofVirtual().start(() -> System.out.println("virtual=" + Thread.currentThread().isVirtual())).join();
    }
}
