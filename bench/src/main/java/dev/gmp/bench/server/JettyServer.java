package dev.gmp.bench.server;

import dev.gmp.testapps.JettyOnVirtualThreads;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The application of the three-way server benchmark ({@link ServerBench}): Jetty 12 on virtual threads.
 *
 * <p>Jetty is set up as a Jetty user sets it up, knowing nothing of GMP ({@link JettyOnVirtualThreads}, the
 * set-up the agent's forked server test runs too). Each request runs on a virtual thread: a little CPU work (four
 * passes of {@link Work#hash}) and a 1 ms sleep, the shape of a handler that waits on a backend. Runs
 * {@link ServerProtocol}.
 */
public final class JettyServer {
    private JettyServer() {}

    public static void main(String[] args) throws Exception {
        LongAdder served = new LongAdder();
        JettyOnVirtualThreads jetty = JettyOnVirtualThreads.start(new Handler.Abstract() {
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
        ServerProtocol.serve(jetty.port(), served, jetty);
    }
}
