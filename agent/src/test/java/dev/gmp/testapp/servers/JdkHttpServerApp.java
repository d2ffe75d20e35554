package dev.gmp.testapp.servers;

import com.sun.net.httpserver.HttpServer;
import dev.gmp.Go;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An unmodified virtual-thread server: the JDK's HttpServer with
 * {@code Executors.newVirtualThreadPerTaskExecutor()}. Each response says which goroutine served it. Args:
 * requests, clients. Shuts down cleanly (the JVM must then exit on its own).
 */
public final class JdkHttpServerApp {
    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args[0]);
        int clients = Integer.parseInt(args[1]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(vts);
        server.createContext("/hello", ex -> {
            byte[] body = ("goid " + Go.goid()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        LoadRun run = LoadRun.of("http://127.0.0.1:" + server.getAddress().getPort() + "/hello", requests, clients);
        server.stop(0);
        vts.close();
        run.print();
        System.out.println("shutdown=clean");
    }
}
