package dev.gmp.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event for Go's {@code all goroutines are asleep - deadlock!}. */
@Name("dev.gmp.Deadlock")
@Label("Deadlock")
@Category("GMP")
@Description("Every goroutine was asleep on runtime primitives: all goroutines are asleep - deadlock!")

public final class DeadlockEvent extends Event {
    @Label("Goroutines") @Description("Goroutines alive, all asleep")
    public int goroutines;

    @Label("Dump") @Description("The goroutine dump printed with the fatal error (debug=2 shape)")
    public String dump;
}
