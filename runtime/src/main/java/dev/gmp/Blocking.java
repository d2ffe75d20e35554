package dev.gmp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that blocks its carrier thread (native code, a blocking driver) so that, with the agent
 * attached, calls to it from a goroutine take the syscall path ({@code entersyscall} ... {@code exitsyscall}):
 * the goroutine's P is handed to another M if the call lasts, as Go does for system calls.
 * Without the agent, wrap the call in {@link Go#syscall(java.util.concurrent.Callable)} instead.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface Blocking {}
