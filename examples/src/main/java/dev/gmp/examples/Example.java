package dev.gmp.examples;

/** One runnable scenario from the seed documents. Its class header says what to watch for. */
public interface Example {
    /** The command-line name, e.g. {@code stealing}. */
    String name();

    /** One line for {@code list}. */
    String summary();

    /** Runs the scenario, narrating through {@code out}; returns the figure for the tour's summary table. */
    String run(Narrator out) throws Exception;
}
