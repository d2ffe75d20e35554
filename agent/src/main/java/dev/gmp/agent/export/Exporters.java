package dev.gmp.agent.export;

import com.sun.net.httpserver.HttpServer;
import dev.gmp.GmpConfigException;
import dev.gmp.GmpRuntime;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's local HTTP listener (agent options {@code prometheus=[host:]port} and {@code debug.endpoints=on}):
 * {@code /metrics} always, {@code /debug/gmp/goroutines?debug=1|2}, {@code /debug/gmp/sched},
 * {@code /debug/gmp/leaks[?check=1]} and {@code /debug/pprof/goroutine} only when debug
 * endpoints are on (otherwise 404: nothing is exposed unless configured).
 *
 * <p>The JDK's {@code com.sun.net.httpserver}, one daemon worker thread; the server's dispatcher thread is
 * created from a daemon thread so that it is a daemon too (it inherits the flag), and the listener never keeps
 * the application's JVM alive.
 */
public final class Exporters implements AutoCloseable {
    /** Bound when the option gives no host: never the wildcard address by default. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private final HttpServer server;
    private final ExecutorService workers;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread onExit = new Thread(this::stop, "gmp-metrics-shutdown");

    private Exporters(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    /**
     * Stops the listener when the JVM shuts down. Its dispatcher thread waits for connections in native code
     * (the selector), and HotSpot's exit waits up to 300 ms for threads in native code to return: without the
     * hook every SIGTERM or {@code System.exit} took that much longer with {@code prometheus=} on.
     */
    private Exporters stopAtExit() {
        Runtime.getRuntime().addShutdownHook(onExit);
        return this;
    }

    /**
     * Fails with the one-line message if {@code host:port} cannot be bound: the agent checks this before it
     * changes anything in the JVM, so a taken port fails startup whatever happens later.
     */
    public static void checkBindable(String host, int port) {
        String spelled = spelled(host, port);
        InetAddress addr;
        try {
            addr = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new GmpConfigException(spelled + ": unknown host '" + host + "'; valid: [host:]port with a "
                    + "local address (default " + DEFAULT_HOST + ")");
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(addr, port));
        } catch (IOException e) {
            throw new GmpConfigException(spelled + ": cannot listen (" + e.getMessage() + "); valid: a free port "
                    + "on a local address");
        }
    }

    /** {@code prometheus=host:port} as the option spells it ({@code [::1]:9464} for IPv6). */
    private static String spelled(String host, int port) {
        return "prometheus=" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Binds and starts the listener for {@code rt}.
     *
     * @param host           address to bind, {@code null} or empty for {@value #DEFAULT_HOST}
     * @param port           TCP port, 0 for any free one (see {@link #address()})
     * @param debugEndpoints serve the {@code /debug/gmp/} endpoints too
     * @throws GmpConfigException with one line if the port is invalid or taken, or the host cannot be bound
     */
    public static Exporters start(String host, int port, boolean debugEndpoints, GmpRuntime rt) {
        String h = host == null || host.isBlank() ? DEFAULT_HOST : host;
        if (port < 0 || port > 65535) {
            throw new GmpConfigException(spelled(h, port) + ": invalid port; valid: 0 to 65535");
        }
        // The JDK server writes headers and body as two segments: with Nagle on, the body waits for the client's
        // delayed ACK (~40 ms per scrape). Read once, when the server's config class loads; an explicit setting wins.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        CollectorRegistry registry = new CollectorRegistry(true);
        registry.register(new GmpCollector(rt::stats, GmpRuntime.version(), Runtime.version().toString()));
        ExecutorService workers = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gmp-metrics-http");
            t.setDaemon(true);
            return t;
        });
        HttpServer server = onDaemonThread(() -> {
            HttpServer s = HttpServer.create(new InetSocketAddress(h, port), 16);
            s.setExecutor(workers);
            s.createContext("/metrics", new MetricsHandler(registry));
            if (debugEndpoints) {
                s.createContext("/debug/gmp/goroutines", new GoroutinesHandler(rt));
                s.createContext("/debug/gmp/sched", new SchedHandler(rt));
                s.createContext("/debug/gmp/leaks", new LeaksHandler(rt));
                s.createContext(PprofHandler.PATH, new PprofHandler(rt));
            }
            s.start();
            return s;
        }, h, port, workers);
        return new Exporters(server, workers).stopAtExit();
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops listening at once and ends the worker thread. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it stops the listener
        }
        stop();
    }

    private void stop() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            workers.shutdownNow();
        }
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} on a short-lived daemon thread, so threads it creates inherit the daemon flag. */
    private static HttpServer onDaemonThread(IoAction<HttpServer> action, String host, int port,
                                             ExecutorService workers) {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(action.run());
            } catch (IOException | RuntimeException e) {
                result.set(e);
            }
        }, "gmp-metrics-start");
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Object r = result.get();
        if (r instanceof HttpServer s) {
            return s;
        }
        workers.shutdownNow();
        String where = spelled(host, port);
        if (r instanceof BindException e) {
            throw new GmpConfigException(where + ": cannot listen (" + e.getMessage()
                    + "); valid: a free port on a local address, e.g. prometheus=9464");
        }
        if (r instanceof Exception e) {
            throw new GmpConfigException(where + ": cannot listen (" + e + ")");
        }
        throw new GmpConfigException(where + ": cannot listen");
    }
}
