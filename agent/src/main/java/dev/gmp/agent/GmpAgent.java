package dev.gmp.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point ({@code Premain-Class}, {@code Agent-Class}). Deliberately tiny, like OpenTelemetry's
 * {@code AgentMain}: everything happens in {@link AgentStarter}; here we only turn a configuration error into
 * one line on stderr and a JVM that does not start (exit status 1, like a bad JVM flag).
 */
public final class GmpAgent {
    private GmpAgent() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    private static void start(String args, Instrumentation inst, boolean atStartup) {
        try {
            AgentStarter.start(args, inst, atStartup);
        } catch (AgentStarter.StartupFailure e) {
            System.err.println("gmp-agent: " + e.getMessage());
            System.err.flush();
            if (atStartup) {
                System.exit(1);
            }
        }
    }
}
