package dev.gmp.agent;

import dev.gmp.GmpConfigException;
import dev.gmp.GmpRuntime;
import dev.gmp.agent.config.AgentConfig;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * The call site of the Prometheus {@code /metrics} and {@code /debug/gmp/*} exporter (package
 * {@code dev.gmp.agent.export}, built separately): {@code Exporters.start(String host, int port,
 * boolean debugEndpoints, GmpRuntime rt)} (branch {@code obs}). Looked up by name so the agent builds and runs before and without it; when
 * it is absent, {@code prometheus=} gives a warning and the application runs.
 *
 * <p>The port is checked here first, so a taken port fails startup with a one-line message
 * whatever the exporter does.
 */
final class ExporterCallSite {
    static final String EXPORTERS = "dev.gmp.agent.export.Exporters";

    private ExporterCallSite() {}

    /** Fails with the one-line message if the address cannot be bound. */
    static void checkBindable(AgentConfig.HostPort hp) {
        String spelled = "prometheus=" + hp;
        InetAddress addr;
        try {
            addr = InetAddress.getByName(hp.host());
        } catch (UnknownHostException e) {
            throw new GmpConfigException(spelled + ": unknown host '" + hp.host() + "'; valid: [host:]port with a "
                    + "local address (default 127.0.0.1)");
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(addr, hp.port()));
        } catch (IOException e) {
            throw new GmpConfigException(spelled + ": cannot listen (" + e.getMessage() + "); valid: a free port "
                    + "on a local address");
        }
    }

    /** Starts the exporter if it is built into this agent; returns whether it did. */
    static boolean start(AgentConfig cfg, GmpRuntime rt, AgentLog log) {
        Class<?> exporters;
        try {
            exporters = Class.forName(EXPORTERS, true, ExporterCallSite.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            log.warn("prometheus=" + cfg.prometheus + ": this agent build has no exporter (" + EXPORTERS
                    + "); no /metrics endpoint");
            return false;
        }
        try {
            Method start = exporters.getMethod("start", String.class, int.class, boolean.class, GmpRuntime.class);
            start.invoke(null, cfg.prometheus.host(), cfg.prometheus.port(), cfg.debugEndpoints, rt);
            return true;
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof GmpConfigException gce) {
                throw gce;
            }
            throw new GmpConfigException("prometheus=" + cfg.prometheus + ": cannot start the exporter (" + c + ")");
        } catch (ReflectiveOperationException e) {
            log.warn("prometheus=" + cfg.prometheus + ": " + EXPORTERS + " has no start(String, int, boolean, "
                    + "GmpRuntime) (" + e + "); no /metrics endpoint");
            return false;
        }
    }
}
