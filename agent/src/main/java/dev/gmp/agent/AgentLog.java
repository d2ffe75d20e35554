package dev.gmp.agent;

import java.io.PrintStream;

/** The agent's only output: one-line notices and warnings on stderr, prefixed {@code gmp-agent:}. */
public final class AgentLog {
    private final PrintStream err;

    public AgentLog(PrintStream err) {
        this.err = err;
    }

    public void info(String line) {
        err.println("gmp-agent: " + line);
    }

    public void warn(String line) {
        err.println("gmp-agent: warning: " + line);
    }
}
