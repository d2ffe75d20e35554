package dev.gmp.bench.server;

import dev.gmp.bench.costs.kernels.Kernels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The application of the three-way server benchmark ({@link ServerBench}): Jetty 12 with its thread pool's
 * virtual-thread executor, as a Jetty user sets it up, knowing nothing of GMP. Each request runs on a virtual
 * thread: a little CPU work (four passes of a hash over 2 KiB) and a 1 ms sleep, the shape of a handler that waits on a backend.
 * Prints {@code port=N}, serves until a line arrives on stdin, then prints how many requests it served and,
 * under the agent, how many goroutines were created, and stops.
 */
public final class JettyServer {
    private static final int[] DATA = new java.util.Random(7).ints(512).toArray();

    private JettyServer() {}

    public static void main(String[] args) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(16, 4);
        ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor();
        pool.setVirtualThreadsExecutor(vts);
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        java.util.concurrent.atomic.LongAdder served = new java.util.concurrent.atomic.LongAdder();
        server.setHandler(new Handler.Abstract() { // InvocationType BLOCKING: Jetty runs it on a virtual thread
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                int h = 0;
                for (int round = 0; round < 4; round++) {
                    h += Kernels.hash(DATA);
                }
                Thread.sleep(1);
                served.increment();
                response.setStatus(200);
                Content.Sink.write(response, true, "ok " + h + " virtual=" + Thread.currentThread().isVirtual(),
                        callback);
                return true;
            }
        });
        server.start();
        System.out.println("port=" + connector.getLocalPort());
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.out.println("served=" + served.sum());
        if (System.getProperty("gmp.leaks") != null) { // set by the agent: its runtime is there to ask
            System.out.println("goroutines_created=" + dev.gmp.Gmp.stats().goroutines().created());
        }
        server.stop();
        vts.close();
    }
}
