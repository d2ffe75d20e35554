package dev.gmp.testing;

import dev.gmp.GmpRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link VerifyNoGoroutineLeaks} (also usable as
 * {@code @ExtendWith(GoroutineLeakCheck.class)}): before each test it notes the default runtime's goroutines,
 * after it fails the test if others are still there once the retries are over, printing them in Go's dump shape.
 * Tests that build their own {@link GmpRuntime} call {@link GoroutineLeaks#verifyNone} on it instead.
 */
public final class GoroutineLeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final Namespace NS = Namespace.create(GoroutineLeakCheck.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("before", GoroutineLeaks.ignoreCurrent(GmpRuntime.getDefault()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<GoroutineLeaks.Option> options = new ArrayList<>();
        GoroutineLeaks.Option before = context.getStore(NS).remove("before", GoroutineLeaks.Option.class);
        if (before != null) {
            options.add(before);
        }
        Optional<VerifyNoGoroutineLeaks> a = find(context);
        if (a.isPresent()) {
            for (String f : a.get().ignoreTopFunctions()) {
                options.add(GoroutineLeaks.ignoreTopFunction(f));
            }
            for (String f : a.get().ignoreCreatedBy()) {
                options.add(GoroutineLeaks.ignoreCreatedBy(f));
            }
            options.add(GoroutineLeaks.maxWait(Duration.ofMillis(a.get().maxWaitMillis())));
        }
        GoroutineLeaks.verifyNone(GmpRuntime.getDefault(), options.toArray(new GoroutineLeaks.Option[0]));
    }

    private static Optional<VerifyNoGoroutineLeaks> find(ExtensionContext context) {
        Optional<VerifyNoGoroutineLeaks> m = context.getTestMethod()
                .flatMap(x -> AnnotationSupport.findAnnotation(x, VerifyNoGoroutineLeaks.class));
        return m.isPresent() ? m : context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, VerifyNoGoroutineLeaks.class));
    }
}
