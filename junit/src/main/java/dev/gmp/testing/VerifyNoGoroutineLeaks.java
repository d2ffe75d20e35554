package dev.gmp.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails each test of the annotated class (or the annotated test) that leaves goroutines of the default runtime
 * behind; goroutines that existed before the test are ignored (goleak's {@code VerifyTestMain} +
 * {@code IgnoreCurrent}). See {@link GoroutineLeakCheck}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(GoroutineLeakCheck.class)
public @interface VerifyNoGoroutineLeaks {
    /** Top functions ({@code pkg.Class.method}) of goroutines to ignore (see {@link GoroutineLeaks#ignoreTopFunction}). */
    String[] ignoreTopFunctions() default {};

    /** Creation sites ({@code pkg.Class.method} of the {@code go} call) of goroutines to ignore. */
    String[] ignoreCreatedBy() default {};

    /** Milliseconds to wait for goroutines to finish before failing. */
    long maxWaitMillis() default 2000;
}
