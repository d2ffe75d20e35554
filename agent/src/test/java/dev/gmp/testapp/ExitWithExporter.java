package dev.gmp.testapp;

import java.util.List;

/**
 * Exits while the agent's exporter listens ({@code prometheus=}). HotSpot's exit waits up to 300 ms for threads
 * in native code, such as an HTTP server's dispatcher in its selector; the exporter must have stopped its listener
 * by then. A shutdown hook of ours (hooks run concurrently) waits for the JDK server's dispatcher thread to end
 * and prints whether it did: {@code dispatchers_before_exit} (must be 1, or the check proves nothing) and
 * {@code dispatchers_alive_at_exit}.
 */
public final class ExitWithExporter {
    private ExitWithExporter() {}

    public static void main(String[] args) throws Exception {
        List<Thread> dispatchers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HTTP-Dispatcher")).toList();
        System.out.println("dispatchers_before_exit=" + dispatchers.size());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long alive = dispatchers.stream().filter(t -> {
                try {
                    t.join(20_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return t.isAlive();
            }).count();
            System.out.println("dispatchers_alive_at_exit=" + alive);
            System.out.flush();
        }));
        System.exit(0);
    }
}
