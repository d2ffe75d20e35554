package dev.gmp.spring;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.GmpRuntime;
import dev.gmp.micrometer.GmpMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration as Spring Boot loads it (from AutoConfiguration.imports), in a plain context. */
class GmpMetricsAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GmpMetricsAutoConfiguration.class));

    @Test
    void theImportsFileNamesTheAutoConfiguration() throws Exception {
        try (var in = getClass().getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertNotNull(in);
            assertEquals(GmpMetricsAutoConfiguration.class.getName(), new String(in.readAllBytes()).strip());
        }
    }

    @Test
    void aBinderBeanWhenMicrometerIsPresent() {
        runner.run(ctx -> assertEquals(1, ctx.getBeansOfType(GmpMetrics.class).size()));
    }

    @Test
    void nothingWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(ctx -> {
                    assertNull(ctx.getStartupFailure());
                    assertTrue(ctx.getBeansOfType(GmpMetrics.class).isEmpty());
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBinder {
        static final GmpMetrics OWN = new GmpMetrics((GmpRuntime) null, Tags.of("app", "own"));

        @Bean
        GmpMetrics myGmpMetrics() {
            return OWN;
        }
    }

    @Test
    void theApplicationsOwnBinderWins() {
        runner.withUserConfiguration(OwnBinder.class)
                .run(ctx -> assertSame(OwnBinder.OWN, ctx.getBean(GmpMetrics.class)));
    }
}
