package dev.gmp.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event for an uncaught exception in a goroutine (Go: a panic; runtime/panic.go). */
@Name("dev.gmp.GoroutinePanic")
@Label("Goroutine Panic")
@Category("GMP")
@Description("An exception was not caught in a goroutine (Go: panic)")
@jdk.jfr.StackTrace(false)
public final class GoroutinePanicEvent extends Event {
    @Label("Goroutine") @Description("goid of the panicking goroutine")
    public long goid;

    @Label("Exception") @Description("The exception class")
    public String exception;

    @Label("Message") @Description("The exception message")
    public String message;

    @Label("Created By") @Description("The go statement that created the goroutine")
    public String createdBy;

    @Label("Stack") @Description("The panic report: message, goroutine header, frames, created by")
    public String stack;
}
