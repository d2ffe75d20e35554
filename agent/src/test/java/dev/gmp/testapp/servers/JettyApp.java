package dev.gmp.testapp.servers;

import dev.gmp.Go;
import dev.gmp.testapps.JettyOnVirtualThreads;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A real framework on virtual threads: Jetty 12 serving a blocking handler whose response says which goroutine
 * served it.
 *
 * <p>Jetty is set up as in the server benchmark ({@link JettyOnVirtualThreads}): its thread pool's virtual-thread
 * executor, so Jetty runs the (blocking) handler on a virtual thread. Args: requests, clients. Shuts down cleanly
 * (the JVM must then exit on its own).
 */
public final class JettyApp {
    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args[0]);
        int clients = Integer.parseInt(args[1]);
        LoadRun run;
        try (JettyOnVirtualThreads jetty = JettyOnVirtualThreads.start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                Content.Sink.write(response, true, "goid " + Go.goid(), callback);
                return true;
            }
        })) {
            run = LoadRun.of("http://127.0.0.1:" + jetty.port() + "/hello", requests, clients);
        }
        run.print();
        System.out.println("shutdown=clean");
    }
}
