package dev.gmp.testapp;

import dev.gmp.Chan;
import dev.gmp.Go;
import io.helidon.webserver.WebServer;

/**
 * A Helidon SE 4 service, as a user writes one: {@code /hello} answers, {@code /leak} answers and leaves a
 * goroutine blocked forever sending on a channel only it knows. Prints {@code port=N} once it serves, then runs
 * until the JVM is stopped (SIGTERM runs Helidon's own shutdown hook).
 */
public final class HelidonService {
    public static void main(String[] args) throws Exception {
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(r -> r
                        .get("/hello", (req, res) -> res.send("hello"))
                        .get("/leak", (req, res) -> {
                            Chan<Integer> c = Chan.make();
                            Go.go(() -> c.send(1));
                            res.send("leaked");
                        }))
                .build()
                .start();
        System.out.println("port=" + server.port());
        System.out.flush();
        Thread.currentThread().join(); // until SIGTERM
    }
}
