package dev.gmp.testapp.servers;

import dev.gmp.Go;
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
 * A real framework on virtual threads: Jetty 12 with its thread pool's virtual-thread executor, a
 * blocking handler (so Jetty runs it on a virtual thread). Args: requests, clients.
 */
public final class JettyApp {
    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args[0]);
        int clients = Integer.parseInt(args[1]);
        QueuedThreadPool pool = new QueuedThreadPool(16, 4);
        ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor();
        pool.setVirtualThreadsExecutor(vts);
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() { // InvocationType BLOCKING: Jetty dispatches to a virtual thread
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                Content.Sink.write(response, true, "goid " + Go.goid(), callback);
                return true;
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + connector.getLocalPort() + "/hello";
        Report before = Report.take();
        LoadClient load = new LoadClient(requests);
        long t0 = System.nanoTime();
        load.run(url, clients);
        long elapsed = System.nanoTime() - t0;
        Report after = Report.take();
        server.stop();
        vts.close();
        Report.print(requests, load, before, after, elapsed);
        System.out.println("shutdown=clean");
    }
}
