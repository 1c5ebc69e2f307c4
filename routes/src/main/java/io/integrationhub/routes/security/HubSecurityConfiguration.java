package io.integrationhub.routes.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

import io.integrationhub.routes.secrets.Secrets;

/**
 * Public: the services' REST APIs and health. Operator only: Hawtio (it detects Spring Security and uses this login),
 * Jolokia, the rest of actuator and {@code /admin/} APIs. The JSON APIs are stateless and skip CSRF; the console keeps
 * it, with the token in a cookie Hawtio reads.
 */
@AutoConfiguration(before = { SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
        ManagementWebSecurityAutoConfiguration.class })
@EnableConfigurationProperties(HubSecurityProperties.class)
public class HubSecurityConfiguration {

    private static final String[] OPERATOR_ONLY = { "/actuator/**", "/api/*/admin/**", "/partners/api/*/admin/**" };
    private static final String[] PUBLIC = { "/actuator/health", "/actuator/health/**", "/actuator/info", "/api/**",
            "/partners/api/**", "/error" };

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http, HubSecurityProperties properties) throws Exception {
        if (properties.isManagementOpen()) {
            http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        } else {
            http.authorizeHttpRequests(auth -> auth
                    .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                    .requestMatchers(OPERATOR_ONLY).hasRole("admin")
                    .requestMatchers(PUBLIC).permitAll()
                    .anyRequest().authenticated());
        }
        return http
                .httpBasic(basic -> { })
                .formLogin(form -> { })
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers("/api/**", "/partners/api/**"))
                .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
                .build();
    }

    @Bean
    UserDetailsService operators(HubSecurityProperties properties, PasswordEncoder passwordEncoder) {
        String password = Secrets.require(properties.getAdminPassword(), "HUB_ADMIN_PASSWORD",
                "Operator password of user '" + properties.getAdminUser() + "'", !properties.isRequireSecrets());
        return new InMemoryUserDetailsManager(User.withUsername(properties.getAdminUser())
                .password(passwordEncoder.encode(password))
                .roles("admin", "viewer")
                .build());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
