package dev.gmp.bench.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server side of {@link ServerBench}'s protocol, shared by every benchmark server: print {@code port=N} once
 * it serves, serve until a line arrives on stdin, then print how many requests it served and, under the agent,
 * how many goroutines were created, and stop.
 */
public final class ServerProtocol {
    private ServerProtocol() {}

    /** Runs the protocol for a server listening on {@code port}; {@code stop} stops the server at the end. */
    public static void serve(int port, LongAdder served, AutoCloseable stop) throws Exception {
        System.out.println("port=" + port);
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.out.println("served=" + served.sum());
        if (underTheAgent()) { // its runtime is there to ask
            System.out.println("goroutines_created=" + dev.gmp.Gmp.stats().goroutines().created());
        }
        System.out.flush();
        stop.close();
    }

    /** Whether this JVM was started with a {@code -javaagent:} (ServerBench starts servers with gmp-agent only). */
    private static boolean underTheAgent() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-javaagent:"));
    }
}
