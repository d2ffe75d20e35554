package dev.gmp.examples;

/**
 * Thrown by an example that cannot run without the agent. Its message is the one line to print: what is
 * missing and the command that runs the example. {@code java -jar} exits with status 2; the tour skips the step.
 */
public final class NeedsAgent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String command;

    /** E.g. {@code ("preempt needs the agent", "java -javaagent:... -jar ... preempt")}. */
    public NeedsAgent(String reason, String command) {
        super(reason + ": " + command, null, false, false);
        this.reason = reason;
        this.command = command;
    }

    public String reason() {
        return reason;
    }

    public String command() {
        return command;
    }
}
