package dev.gmp.bench.server;

import io.helidon.webserver.WebServer;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Helidon SE 4 service of the apps benchmark ({@link ServerBench}), as a Helidon user writes one: Helidon runs
 * every connection on a virtual thread of its own. {@code /cpu} does {@link Work#CPU_PASSES} hash passes,
 * {@code /file} reads a {@link Work#FILE_BYTES}-byte file; both answer a short text. Runs {@link ServerProtocol}.
 */
public final class HelidonServer {
    private HelidonServer() {}

    public static void main(String[] args) throws Exception {
        Path file = Work.createFile();
        LongAdder served = new LongAdder();
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(r -> r
                        .get("/cpu", (req, res) -> {
                            served.increment();
                            res.send("cpu " + Work.hash(Work.CPU_PASSES));
                        })
                        .get("/file", (req, res) -> {
                            served.increment();
                            res.send("file " + Work.readFile(file));
                        }))
                .build()
                .start();
        ServerProtocol.serve(server.port(), served, server::stop);
    }
}
