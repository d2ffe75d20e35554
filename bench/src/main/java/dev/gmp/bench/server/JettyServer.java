package dev.gmp.bench.server;

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
 * thread: a little CPU work (four passes of {@link Work#hash}) and a 1 ms sleep, the shape of a handler that waits
 * on a backend. Runs {@link ServerProtocol}.
 */
public final class JettyServer {
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
                int h = Work.hash(4);
                Thread.sleep(1);
                served.increment();
                response.setStatus(200);
                Content.Sink.write(response, true, "ok " + h + " virtual=" + Thread.currentThread().isVirtual(),
                        callback);
                return true;
            }
        });
        server.start();
        ServerProtocol.serve(connector.getLocalPort(), served, () -> {
            server.stop();
            vts.close();
        });
    }
}
