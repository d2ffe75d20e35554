package dev.gmp.agent;

import dev.gmp.GmpConfigException;
import dev.gmp.GmpRuntime;
import dev.gmp.agent.config.AgentConfig;
import dev.gmp.agent.export.Exporters;
import dev.gmp.agent.instrumentation.Instrumenter;
import dev.gmp.internal.env.GoEnvironment;
import dev.gmp.internal.jdk.JdkInternals;
import dev.gmp.internal.leak.LeakDetector;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.security.CodeSource;

/**
 * Startup, in the order that makes each step safe:
 * <ol>
 *   <li>parse and validate every option (nothing has changed yet if this fails);</li>
 *   <li>{@code java.lang} and the other packages the runtime reflects into opened to it; without continuations
 *       ({@code -XX:-VMContinuations}) warn and stop here;</li>
 *   <li>the leak mode: {@code jdk.trackAllThreads} must be set before the JDK reads it;</li>
 *   <li>the bootstrap bridge defined in the boot loader;</li>
 *   <li>the default runtime configured (not started unless schedtrace or the exporter needs it);</li>
 *   <li>the dispatch linked, the rewrites woven, then the dispatch published to the bridge;</li>
 *   <li>the exporter, the banner.</li>
 * </ol>
 * The agent starts no thread of its own; the runtime's threads (sysmon, Ms) are daemons.
 */
final class AgentStarter {
    private AgentStarter() {}

    /** A failure whose message is the one line to print before the JVM gives up. */
    static final class StartupFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StartupFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Called by {@link GmpAgent} (reflectively: that class is compiled for Java 8). A configuration error becomes
     * one line on stderr and, at JVM startup, exit status 1.
     */
    static void launch(String args, Instrumentation inst, boolean atStartup) {
        try {
            start(args, inst, atStartup);
        } catch (StartupFailure e) {
            System.err.println("gmp-agent: " + e.getMessage());
            System.err.flush();
            if (atStartup) {
                System.exit(1);
            }
        }
    }

    static void start(String args, Instrumentation inst, boolean atStartup) {
        long t0 = System.nanoTime();
        AgentLog log = new AgentLog(System.err);
        try {
            AgentConfig cfg = AgentConfig.parse(args, System.getProperties(), System.getenv());
            ModuleOpener.open(inst);
            if (!JdkInternals.continuationsSupported()) {
                // Nothing the agent does is useful without continuations, and leaks=proven would still change
                // the JDK's thread dumps: change nothing at all.
                log.warn(JdkInternals.NO_CONTINUATIONS.substring("gmp: ".length())
                        + "; the agent stays off and the application runs as without it");
                return;
            }
            if (cfg.prometheus != null) {
                Exporters.checkBindable(cfg.prometheus.host(), cfg.prometheus.port());
            }
            String leakNote = LeakMode.apply(cfg, inst, log);
            debugTime("parse+leaks", t0);

            BootstrapBridgeInjector.inject();
            debugTime("bridge", t0);
            JdkInternals.get(); // fails with JdkInternals.FIX if java.lang is still closed to us
            checkOneRuntime(log);
            debugTime("jdkinternals", t0);

            GmpRuntime.Builder configured = configureDefault(cfg, log);
            Object dispatch = BridgeInstaller.prepare(cfg.virtualThreads == AgentConfig.VirtualThreads.GMP);
            debugTime("configure+dispatch", t0);
            Instrumenter.Summary rw = Instrumenter.install(inst, cfg, log);
            debugTime("rewrites", t0);
            BridgeInstaller.publish(dispatch);

            GmpRuntime rt = null;
            if (cfg.schedtraceMillis > 0 || cfg.prometheus != null) {
                rt = GmpRuntime.getDefault(); // schedtrace and /metrics report from startup, as Go's do
            }
            if (cfg.prometheus != null) {
                Exporters.start(cfg.prometheus.host(), cfg.prometheus.port(), cfg.debugEndpoints, rt);
            }
            if (cfg.banner) {
                log.info(banner(cfg, rw, configured, leakNote, (System.nanoTime() - t0) / 1_000_000));
            }
        } catch (GmpConfigException | JdkInternals.JdkAccessError e) {
            throw new StartupFailure(e.getMessage());
        } catch (IOException | ClassNotFoundException e) {
            throw new StartupFailure("cannot start: " + e);
        }
    }

    private static final boolean DEBUG = Boolean.getBoolean("gmp.agent.debug");

    private static void debugTime(String step, long t0) {
        if (DEBUG) {
            System.err.println("gmp-agent: debug: " + step + " done at " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }

    /**
     * Sets the default runtime's builder from the options; null if the application already started it. The
     * options were read once, by {@link AgentConfig}, environment included: the builder reads nothing again and
     * is handed typed values; what Go's variables had that Go ignores is said here, once.
     */
    private static GmpRuntime.Builder configureDefault(AgentConfig cfg, AgentLog log) {
        cfg.warnings.forEach(GoEnvironment.warnings(System.err));
        GmpRuntime.Builder b = GmpRuntime.defaultsOnlyBuilder();
        if (cfg.gomaxprocs != null) {
            b.gomaxprocs(cfg.gomaxprocs);
        }
        if (cfg.maxThreads != null) {
            b.maxThreads(cfg.maxThreads);
        }
        b.panic(cfg.panic);
        b.schedtrace(cfg.schedtraceMillis, cfg.scheddetail);
        // The leak detector. leaks=proven is the runtime's default; left implicit so that only
        // LeakMode warns when jdk.trackAllThreads could not be turned off (one warning, not two).
        if (cfg.leaks != LeakDetector.Mode.PROVEN) {
            b.leaks(cfg.leaks);
        }
        b.leakThreshold(cfg.leakThreshold);
        b.leakLog(cfg.leakLog);
        try {
            GmpRuntime.configureDefault(b);
            return b;
        } catch (IllegalStateException e) {
            log.warn("the default GMP runtime was already running when the agent attached; its settings stay");
            return null;
        }
    }

    /**
     * One runtime per JVM: say so in one line if the application brings its own runtime copy of a
     * different version (the same version, e.g. our examples jar, is the same runtime: nothing to say).
     */
    private static void checkOneRuntime(AgentLog log) {
        URL ours = location(AgentStarter.class);
        URL runtime = location(GmpRuntime.class);
        String agentVersion = AgentStarter.class.getPackage().getImplementationVersion();
        String runtimeVersion = GmpRuntime.version();
        if (ours != null && runtime != null && !ours.equals(runtime) && !runtimeVersion.equals(agentVersion)) {
            log.warn("the application bundles its own gmp-runtime " + runtimeVersion + " (" + runtime
                    + "), not the agent's " + agentVersion + "; the agent drives the application's copy");
        }
    }

    private static URL location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null ? null : cs.getLocation();
    }

    /**
     * One short line: what differs from a JVM without the agent. Defaults that change nothing a user sees
     * (the syscall rewrites, cooperative preemption) are left out; the options page lists them.
     */
    private static String banner(AgentConfig cfg, Instrumenter.Summary rw, GmpRuntime.Builder configured,
                                 String leakNote, long millis) {
        StringBuilder sb = new StringBuilder();
        String version = AgentStarter.class.getPackage().getImplementationVersion();
        sb.append(version != null ? version : "dev").append(" on JDK ").append(Runtime.version().feature())
                .append(':');
        if (configured != null) {
            sb.append(" GOMAXPROCS=").append(configured.gomaxprocs());
        }
        sb.append(" virtualthreads=").append(rw.routing() ? "gmp" : "jdk");
        if (rw.patterns() > 0) {
            sb.append(" blocking=").append(rw.patterns()).append(rw.patterns() == 1 ? " pattern" : " patterns");
        }
        if (!cfg.preempt.isEmpty()) {
            sb.append(" preempt=").append(String.join(";", cfg.preempt));
        }
        sb.append(' ').append(leakNote);
        if (cfg.prometheus != null) {
            sb.append(" metrics=http://").append(cfg.prometheus).append("/metrics");
        }
        sb.append(" (").append(millis).append(" ms)");
        return sb.toString();
    }
}
