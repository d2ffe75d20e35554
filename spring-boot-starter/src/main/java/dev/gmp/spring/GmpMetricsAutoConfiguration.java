package dev.gmp.spring;

import dev.gmp.micrometer.GmpMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration of the GMP scheduler's metrics: a {@link GmpMetrics} binder bean, which Spring
 * Boot's metrics auto-configuration binds to every {@code MeterRegistry} it creates (Actuator's
 * {@code /actuator/prometheus} among them). Listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 *
 * <p>Only when Micrometer is on the class path, and only if the application defined no {@link GmpMetrics} bean of
 * its own (to bind another runtime or add tags). Without the agent the binder binds nothing and logs one line
 * (docs/spring-boot.md): the application starts and behaves as without this starter. Uses only annotations that
 * Spring Boot 3 and 4 share.
 */
@AutoConfiguration
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
public class GmpMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    public GmpMetrics gmpMetrics() {
        return new GmpMetrics();
    }
}
