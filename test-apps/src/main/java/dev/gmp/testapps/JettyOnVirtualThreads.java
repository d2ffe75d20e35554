package dev.gmp.testapps;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12 serving one handler on virtual threads, set up as a Jetty user does.
 *
 * <p>A {@link QueuedThreadPool} whose virtual-thread executor is {@link Executors#newVirtualThreadPerTaskExecutor()},
 * and one connector (one acceptor, one selector) on 127.0.0.1 at a free port. Jetty runs a handler of invocation
 * type BLOCKING ({@link Handler.Abstract}'s default) on a new virtual thread of that executor per request; the
 * pool's platform threads only accept, select and run Jetty's own non-blocking tasks.
 *
 * <p>Shared by the agent's forked-JVM server test (dev.gmp.testapp.servers.JettyApp) and the server benchmark
 * (dev.gmp.bench.server.JettyServer), so it must not use gmp-runtime: the forked JVM takes the runtime from the
 * agent jar alone, and the benchmark runs the same server with and without the agent. The handler is the
 * caller's, so its frames, not this class's, are on a request's stack.
 */
public final class JettyOnVirtualThreads implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final ExecutorService virtualThreads;

    /** Sets Jetty up to serve {@code handler}; nothing runs until {@link #start}. */
    private JettyOnVirtualThreads(Handler handler) {
        virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
        QueuedThreadPool pool = new QueuedThreadPool(16, 4);
        pool.setVirtualThreadsExecutor(virtualThreads);
        server = new Server(pool);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
    }

    /**
     * Starts Jetty serving {@code handler} on every path. The caller owns the result and must {@link #close} it;
     * if the start fails, what was started is stopped before the exception is thrown.
     */
    public static JettyOnVirtualThreads start(Handler handler) throws Exception {
        JettyOnVirtualThreads jetty = new JettyOnVirtualThreads(handler);
        try {
            jetty.server.start();
        } catch (Exception e) {
            try {
                jetty.close();
            } catch (RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
        return jetty;
    }

    /** The loopback port the server listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * Stops the server, then closes the virtual-thread executor (which waits for the handlers still running), so
     * that a JVM that started nothing else exits on its own. The executor is closed even if the server fails to
     * stop; that failure is then thrown unchecked (an interrupt is kept), as {@link AutoCloseable} advises
     * against throwing {@link InterruptedException} from close.
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Jetty did not stop: " + e, e);
        } finally {
            virtualThreads.close();
        }
    }
}
