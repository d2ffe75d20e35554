package dev.gmp.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The agent's entry point ({@code Premain-Class}, {@code Agent-Class}). Deliberately tiny, like OpenTelemetry's
 * {@code AgentMain}: everything happens in {@link AgentStarter}, which also turns a configuration error into one
 * line on stderr and a JVM that does not start (exit status 1, like a bad JVM flag); here we only check that the
 * JVM is new enough.
 *
 * <p>This one class is compiled for Java 8 (agent/pom.xml), so that a JVM too old for the runtime still loads
 * it: there the agent prints one warning and stays off, and the application runs as it would without the agent,
 * where the JVM would otherwise abort on the runtime's newer class files. It reaches {@link AgentStarter}
 * reflectively, as javac for Java 8 cannot read those class files.
 */
public final class GmpAgent {
    /** The oldest Java the runtime runs on: virtual threads are final in Java 21. */
    static final int MIN_JAVA = 21;

    private GmpAgent() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    private static void start(String args, Instrumentation inst, boolean atStartup) {
        String spec = System.getProperty("java.specification.version");
        if (javaFeature(spec) < MIN_JAVA) {
            System.err.println(tooOld(spec, System.getProperty("java.home")));
            System.err.flush();
            return;
        }
        try {
            Method m = Class.forName("dev.gmp.agent.AgentStarter")
                    .getDeclaredMethod("launch", String.class, Instrumentation.class, boolean.class);
            m.setAccessible(true);
            m.invoke(null, args, inst, atStartup);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IllegalStateException(t);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("gmp-agent: the agent jar is incomplete", e);
        }
    }

    /** The warning a JVM older than {@link #MIN_JAVA} gets, one line. */
    static String tooOld(String spec, String javaHome) {
        return "gmp-agent: warning: this JVM is Java " + spec + " (" + javaHome + "); the agent needs Java "
                + MIN_JAVA + " or later, so it stays off and the application runs as without it";
    }

    /**
     * The Java feature release of a {@code java.specification.version} ("1.8" is 8, "17" is 17); an unreadable
     * one counts as new enough, so that the runtime's own checks decide.
     */
    static int javaFeature(String spec) {
        if (spec == null) {
            return Integer.MAX_VALUE;
        }
        String s = spec.startsWith("1.") ? spec.substring(2) : spec;
        int dot = s.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? s : s.substring(0, dot));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
