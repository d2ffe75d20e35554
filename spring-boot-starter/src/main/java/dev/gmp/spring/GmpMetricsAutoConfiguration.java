package dev.gmp.spring;

import dev.gmp.micrometer.GmpMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnJava;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.system.JavaVersion;
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
 *
 * <p>Only on Java 21 or later, which this starter's classes and the runtime's are compiled for: Spring Boot reads
 * this class-level condition from the class file without loading the class, so a Java 17 application that carries
 * the starter (a shared dependency list, say) starts as without it, instead of failing on an
 * {@code UnsupportedClassVersionError} while it deduces the bean's type.
 */
@AutoConfiguration
@ConditionalOnJava(JavaVersion.TWENTY_ONE)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
public class GmpMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    public GmpMetrics gmpMetrics() {
        return new GmpMetrics();
    }
}
